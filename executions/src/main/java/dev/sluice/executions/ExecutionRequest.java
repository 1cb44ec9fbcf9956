package dev.sluice.executions;

import java.util.List;

/**
 * What to run: the payload of an {@code execution} job.
 *
 * @param language python, node, bash (and others the workers offer)
 * @param version a version of the language, or null for its default
 * @param stdin what the program reads on standard input
 * @param args command-line arguments (passed as an argv, never through a shell)
 * @param limits null fields take the defaults
 */
public record ExecutionRequest(String language, String version, String code, String stdin, List<String> args,
        LimitsRequest limits) {

    /** Requested limits; every field optional. */
    public record LimitsRequest(Integer wallSeconds, Integer memoryMb, Integer processes, Double cpus, Integer outputKb,
            Integer fileSizeMb, Integer tmpMb) {
        public static final LimitsRequest NONE = new LimitsRequest(null, null, null, null, null, null, null);
    }
}
