package dev.sluice.kubernetes.pod;

import dev.sluice.sandbox.Outcome;
import java.time.Duration;
import java.time.Instant;

/** What a pod's status says about its run at one moment. */
public sealed interface PodVerdict {

    /**
     * Not started yet.
     *
     * @param problem why it is not starting (e.g. "ImagePullBackOff: ..."), or null when nothing is wrong yet
     * @param hopeless true when waiting cannot help (e.g. an invalid image name)
     */
    record Pending(String problem, boolean hopeless) implements PodVerdict {}

    /** @param startedAt when the container started, if the kubelet said */
    record Running(Instant startedAt) implements PodVerdict {}

    /**
     * Ended; the run's result.
     *
     * @param exitCode the container's exit code when it exited, else null
     * @param detail an explanation for anything but a plain exit, else null
     * @param wallTime from container start to finish as the kubelet reports it (second precision), or null
     */
    record Finished(Outcome outcome, Integer exitCode, String detail, Duration wallTime) implements PodVerdict {}

    /** The pod disappeared before it ended (deleted, evicted, preempted, its node drained). */
    record Gone(String detail) implements PodVerdict {}
}
