package dev.sluice.kubernetes.pod;

import dev.sluice.sandbox.Outcome;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a pod's status as a {@link PodVerdict}. The table:
 *
 * <table>
 * <caption>pod status → outcome</caption>
 * <tr><th>status</th><th>verdict</th></tr>
 * <tr><td>phase Succeeded, exit 0</td><td>SUCCEEDED, exit 0</td></tr>
 * <tr><td>phase Failed, exit n ≠ 0</td><td>FAILED, exit n (n &gt; 128 noted as a signal)</td></tr>
 * <tr><td>container terminated reason OOMKilled</td><td>OUT_OF_MEMORY</td></tr>
 * <tr><td>pod reason DeadlineExceeded (activeDeadlineSeconds)</td><td>TIMED_OUT</td></tr>
 * <tr><td>pod reason Evicted, message "exceeds/exceeded" (its own storage limit)</td><td>FAILED</td></tr>
 * <tr><td>pod reason Evicted otherwise (node pressure)</td><td>ERROR</td></tr>
 * <tr><td>container StartError / ContainerCannotRun, or Failed without a container result</td><td>ERROR</td></tr>
 * <tr><td>waiting InvalidImageName, ErrImageNeverPull</td><td>Pending, hopeless (ERROR at once)</td></tr>
 * <tr><td>waiting ErrImagePull, ImagePullBackOff, CreateContainerConfigError, CreateContainerError;
 *     PodScheduled=False reason Unschedulable; phase Unknown</td><td>Pending with the reason (ERROR once the
 *     pod start timeout passes)</td></tr>
 * <tr><td>deleted before it ended</td><td>Gone (ERROR), naming a DisruptionTarget reason if any</td></tr>
 * </table>
 *
 * <p>A terminated container is only taken as the result once the pod's phase is final (or the pod is
 * gone): the kubelet kills containers before it marks a pod DeadlineExceeded, and reading the container
 * first would turn a timeout into a plain exit 137.
 */
public final class PodJudge {
    private static final Set<String> HOPELESS = Set.of("InvalidImageName", "ErrImageNeverPull");
    private static final Set<String> STUCK = Set.of("ErrImagePull", "ImagePullBackOff", "CreateContainerConfigError",
            "CreateContainerError", "RunContainerError");
    private static final Set<String> COULD_NOT_START = Set.of("StartError", "ContainerCannotRun");

    private PodJudge() {}

    /**
     * @param pod the latest known state (for a deleted pod, its last state)
     * @param deleted whether the pod is gone from the API
     */
    public static PodVerdict judge(Pod pod, boolean deleted) {
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        String phase = status.getPhase();
        Optional<ContainerState> state = container(status).map(ContainerStatus::getState);
        ContainerStateTerminated terminated = state.map(ContainerState::getTerminated).orElse(null);

        if ("Succeeded".equals(phase) || "Failed".equals(phase) || (deleted && terminated != null)) {
            return finished(phase, status, terminated);
        }
        if (deleted) {
            return new PodVerdict.Gone("the pod was deleted before the run ended (evicted, preempted, its node "
                    + "drained, or deleted outside Sluice)" + disruption(status));
        }
        if ("Running".equals(phase) || state.map(ContainerState::getRunning).isPresent()) {
            return new PodVerdict.Running(state.map(ContainerState::getRunning)
                    .map(r -> instant(r.getStartedAt())).orElse(null));
        }
        ContainerStateWaiting waiting = state.map(ContainerState::getWaiting).orElse(null);
        if (waiting != null && HOPELESS.contains(waiting.getReason())) {
            return new PodVerdict.Pending(reason(waiting.getReason(), waiting.getMessage()), true);
        }
        if (waiting != null && STUCK.contains(waiting.getReason())) {
            return new PodVerdict.Pending(reason(waiting.getReason(), waiting.getMessage()), false);
        }
        Optional<PodCondition> unschedulable = conditions(status).stream()
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                        && "Unschedulable".equals(c.getReason()))
                .findFirst();
        if (unschedulable.isPresent()) {
            return new PodVerdict.Pending(reason("Unschedulable", unschedulable.get().getMessage()), false);
        }
        if ("Unknown".equals(phase)) {
            return new PodVerdict.Pending(reason("phase Unknown", "the node stopped reporting on the pod"), false);
        }
        return new PodVerdict.Pending(null, false);
    }

    private static PodVerdict finished(String phase, PodStatus status, ContainerStateTerminated terminated) {
        Duration wallTime = terminated == null ? null : between(terminated.getStartedAt(), terminated.getFinishedAt());
        if ("DeadlineExceeded".equals(status.getReason())) {
            return new PodVerdict.Finished(Outcome.TIMED_OUT, null,
                    "killed after its wall limit (Kubernetes activeDeadlineSeconds)", wallTime);
        }
        if ("Evicted".equals(status.getReason())) {
            String message = status.getMessage() == null ? "" : status.getMessage();
            boolean ownLimit = message.contains("exceed") && !message.contains("low on resource");
            return new PodVerdict.Finished(ownLimit ? Outcome.FAILED : Outcome.ERROR, null,
                    (ownLimit ? "evicted for exceeding its storage limit: " : "evicted by its node: ") + message,
                    wallTime);
        }
        if (terminated == null) {
            return new PodVerdict.Finished(Outcome.ERROR, null,
                    "the pod " + (phase == null ? "ended" : "is " + phase) + " without a container result"
                            + (status.getReason() == null ? "" : ": " + reason(status.getReason(), status.getMessage())),
                    null);
        }
        if ("OOMKilled".equals(terminated.getReason())) {
            return new PodVerdict.Finished(Outcome.OUT_OF_MEMORY, null,
                    "killed for using more memory than its limit (OOMKilled)", wallTime);
        }
        if (COULD_NOT_START.contains(terminated.getReason())) {
            return new PodVerdict.Finished(Outcome.ERROR, null,
                    "the container could not start: " + reason(terminated.getReason(), terminated.getMessage()), wallTime);
        }
        Integer exitCode = terminated.getExitCode();
        if (exitCode == null) {
            return new PodVerdict.Finished(Outcome.ERROR, null, "the container ended without an exit code", wallTime);
        }
        if (exitCode == 0) {
            return new PodVerdict.Finished(Outcome.SUCCEEDED, 0, null, wallTime);
        }
        String detail = exitCode > 128 && exitCode < 160 ? "exit code " + exitCode + " (killed by signal "
                + (exitCode - 128) + ")" : null;
        return new PodVerdict.Finished(Outcome.FAILED, exitCode, detail, wallTime);
    }

    private static Optional<ContainerStatus> container(PodStatus status) {
        List<ContainerStatus> statuses = status.getContainerStatuses();
        return statuses == null ? Optional.empty()
                : statuses.stream().filter(c -> Labels.CONTAINER.equals(c.getName())).findFirst();
    }

    private static List<PodCondition> conditions(PodStatus status) {
        return status.getConditions() == null ? List.of() : status.getConditions();
    }

    private static String disruption(PodStatus status) {
        return conditions(status).stream()
                .filter(c -> "DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst()
                .map(c -> "; DisruptionTarget: " + reason(c.getReason(), c.getMessage()))
                .orElse("");
    }

    private static String reason(String reason, String message) {
        return message == null || message.isBlank() ? reason : reason + ": " + message;
    }

    private static Duration between(String from, String to) {
        Instant start = instant(from);
        Instant end = instant(to);
        return start == null || end == null || end.isBefore(start) ? null : Duration.between(start, end);
    }

    private static Instant instant(String timestamp) {
        if (timestamp == null) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException notRfc3339) {
            return null;
        }
    }
}
