package dev.sluice.sandbox.local;

import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.Outcome;
import dev.sluice.sandbox.OutputSink;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * How a run ended, as an {@link Outcome}, from why it stopped, its exit status and what its cgroup
 * counted. A pure function, so every rule is tested without running anything.
 *
 * <p>bwrap reports a program killed by signal n as exit code 128 + n, like a shell; an exit code of
 * 137 therefore reads as SIGKILL, and 152 as SIGXCPU (the CPU rlimit: TIMED_OUT). The OOM count from
 * the cgroup decides OUT_OF_MEMORY whatever the code says.
 */
record Verdict(Outcome outcome, Integer exitCode, String detail) {
    static final int SIGKILL = 9;
    static final int SIGXCPU = 24;
    static final int SIGXFSZ = 25;

    /**
     * @param reason why the run stopped
     * @param exitCode the program's exit code as bwrap reported it, when it exited
     * @param oomKills the cgroup's count of OOM kills
     * @param limitedStream the stream that passed the output limit, for OUTPUT_LIMIT
     * @param failure what failed, for SINK_FAILED
     */
    static Verdict of(StopReason reason, OptionalInt exitCode, long oomKills, Limits limits,
            OutputSink.Stream limitedStream, String failure) {
        return switch (reason) {
            case WALL_LIMIT -> new Verdict(Outcome.TIMED_OUT, null, "killed after the " + seconds(limits) + " wall limit");
            case CANCELLED -> new Verdict(Outcome.CANCELLED, null, "cancelled");
            case OUTPUT_LIMIT -> new Verdict(Outcome.OUTPUT_LIMITED, null, "stopped: "
                    + String.valueOf(limitedStream).toLowerCase(Locale.ROOT) + " passed the " + bytes(limits.outputBytes()) + " output limit");
            case SINK_FAILED -> new Verdict(Outcome.ERROR, null, "stopped: the output sink failed: " + failure);
            case INTERRUPTED, SERVICE_STOPPED -> new Verdict(Outcome.ERROR, null, "stopped by the host: " + reason);
            case EXITED -> exited(exitCode, oomKills, limits);
        };
    }

    private static Verdict exited(OptionalInt exitCode, long oomKills, Limits limits) {
        if (exitCode.isEmpty()) {
            return new Verdict(Outcome.ERROR, null, "the sandbox ended without reporting an exit code");
        }
        int code = exitCode.getAsInt();
        if (oomKills > 0 && code != 0) {
            return new Verdict(Outcome.OUT_OF_MEMORY, null, "killed for using more than its " + bytes(limits.memoryBytes())
                    + " memory limit");
        }
        if (code == 0) {
            return new Verdict(Outcome.SUCCEEDED, 0, null);
        }
        if (code == 128 + SIGXCPU) {
            return new Verdict(Outcome.TIMED_OUT, null, "killed by SIGXCPU: CPU time limit reached");
        }
        if (code == 128 + SIGXFSZ) {
            return new Verdict(Outcome.FAILED, code, "exit code " + code + " (SIGXFSZ: wrote past the "
                    + bytes(limits.fileSizeBytes()) + " file size limit)");
        }
        if (code > 128 && code < 128 + 65) {
            return new Verdict(Outcome.FAILED, code, "exit code " + code + " (killed by signal " + (code - 128) + ")");
        }
        return new Verdict(Outcome.FAILED, code, "exit code " + code);
    }

    private static String seconds(Limits limits) {
        long ms = limits.wall().toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    static String bytes(long n) {
        if (n % Limits.MIB == 0) {
            return n / Limits.MIB + " MiB";
        }
        return n % Limits.KIB == 0 ? n / Limits.KIB + " KiB" : n + " bytes";
    }
}
