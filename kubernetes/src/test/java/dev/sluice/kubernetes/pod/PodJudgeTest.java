package dev.sluice.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sandbox.Outcome;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodJudgeTest {

    private static Pod pod(String phase, String reason, String message, ContainerState state, PodCondition... conditions) {
        return new PodBuilder().withNewMetadata().withName("sluice-x-a1").endMetadata()
                .withNewStatus().withPhase(phase).withReason(reason).withMessage(message)
                .withContainerStatuses(state == null ? List.of() : List.of(new ContainerStatusBuilder()
                        .withName("run").withState(state).build()))
                .withConditions(conditions)
                .endStatus().build();
    }

    private static ContainerState exited(int code, String reason) {
        return new ContainerStateBuilder().withNewTerminated().withExitCode(code).withReason(reason)
                .withStartedAt("2026-01-01T10:00:00Z").withFinishedAt("2026-01-01T10:00:03Z").endTerminated().build();
    }

    private static ContainerState waiting(String reason) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage("because").endWaiting().build();
    }

    private static PodVerdict.Finished finished(Pod pod) {
        PodVerdict verdict = PodJudge.judge(pod, false);
        assertThat(verdict).isInstanceOf(PodVerdict.Finished.class);
        return (PodVerdict.Finished) verdict;
    }

    private static PodVerdict.Pending pending(Pod pod) {
        PodVerdict verdict = PodJudge.judge(pod, false);
        assertThat(verdict).isInstanceOf(PodVerdict.Pending.class);
        return (PodVerdict.Pending) verdict;
    }

    @Test
    void succeededWithExitZero() {
        var f = finished(pod("Succeeded", null, null, exited(0, "Completed")));
        assertThat(f.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(f.exitCode()).isZero();
        assertThat(f.detail()).isNull();
        assertThat(f.wallTime()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void failedWithItsExitCode() {
        var f = finished(pod("Failed", null, null, exited(3, "Error")));
        assertThat(f.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(f.exitCode()).isEqualTo(3);
        assertThat(f.detail()).isNull();
    }

    @Test
    void anExitCodeAbove128IsNamedAsASignal() {
        var f = finished(pod("Failed", null, null, exited(137, "Error")));
        assertThat(f.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(f.exitCode()).isEqualTo(137);
        assertThat(f.detail()).contains("killed by signal 9");
    }

    @Test
    void oomKilledIsOutOfMemory() {
        var f = finished(pod("Failed", null, null, exited(137, "OOMKilled")));
        assertThat(f.outcome()).isEqualTo(Outcome.OUT_OF_MEMORY);
        assertThat(f.exitCode()).isNull();
    }

    @Test
    void deadlineExceededWinsOverTheContainersExitCode() {
        var f = finished(pod("Failed", "DeadlineExceeded", "Pod was active on the node longer than the specified deadline",
                exited(137, "Error")));
        assertThat(f.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(f.exitCode()).isNull();
    }

    @Test
    void evictedForItsOwnStorageIsAFailureOfTheCode() {
        var f = finished(pod("Failed", "Evicted", "Usage of EmptyDir volume \"tmp\" exceeds the limit \"16Mi\".", null));
        assertThat(f.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(f.detail()).contains("exceeds the limit");
    }

    @Test
    void evictedForNodePressureIsAnError() {
        var f = finished(pod("Failed", "Evicted",
                "The node was low on resource: ephemeral-storage. Threshold quantity: 1Gi, available: 10Mi.", null));
        assertThat(f.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(f.detail()).startsWith("evicted by its node");
    }

    @Test
    void aContainerThatCouldNotStartIsAnError() {
        var f = finished(pod("Failed", null, null, exited(128, "StartError")));
        assertThat(f.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(f.detail()).contains("could not start: StartError");
    }

    @Test
    void failedWithoutAContainerResultIsAnError() {
        var f = finished(pod("Failed", "UnexpectedAdmissionError", "Allocate failed", null));
        assertThat(f.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(f.detail()).contains("UnexpectedAdmissionError: Allocate failed");
    }

    @Test
    void aTerminatedContainerIsNoResultBeforeThePodPhaseIsFinal() {
        // the kubelet kills containers before it marks the pod DeadlineExceeded
        assertThat(PodJudge.judge(pod("Running", null, null, exited(137, "Error")), false))
                .isInstanceOf(PodVerdict.Running.class);
    }

    @Test
    void anInvalidImageNameIsHopeless() {
        var p = pending(pod("Pending", null, null, waiting("InvalidImageName")));
        assertThat(p.hopeless()).isTrue();
        assertThat(p.problem()).isEqualTo("InvalidImageName: because");
    }

    @Test
    void pullFailuresAndConfigErrorsAreWorthWaitingFor() {
        for (String reason : List.of("ErrImagePull", "ImagePullBackOff", "CreateContainerConfigError", "CreateContainerError")) {
            var p = pending(pod("Pending", null, null, waiting(reason)));
            assertThat(p.hopeless()).isFalse();
            assertThat(p.problem()).startsWith(reason);
        }
    }

    @Test
    void anUnschedulablePodIsPendingWithTheSchedulersMessage() {
        var p = pending(pod("Pending", null, null, null, new PodConditionBuilder().withType("PodScheduled")
                .withStatus("False").withReason("Unschedulable").withMessage("0/3 nodes are available").build()));
        assertThat(p.problem()).isEqualTo("Unschedulable: 0/3 nodes are available");
        assertThat(p.hopeless()).isFalse();
    }

    @Test
    void aPlainPendingPodHasNoProblemYet() {
        var p = pending(pod("Pending", null, null, waiting("ContainerCreating")));
        assertThat(p.problem()).isNull();
        assertThat(pending(pod(null, null, null, null)).problem()).isNull();
    }

    @Test
    void phaseUnknownIsAProblemWorthWaitingFor() {
        assertThat(pending(pod("Unknown", null, null, null)).problem()).startsWith("phase Unknown");
    }

    @Test
    void runningCarriesTheContainerStart() {
        PodVerdict v = PodJudge.judge(pod("Running", null, null, new ContainerStateBuilder().withNewRunning()
                .withStartedAt("2026-01-01T10:00:00Z").endRunning().build()), false);
        assertThat(v).isInstanceOfSatisfying(PodVerdict.Running.class,
                r -> assertThat(r.startedAt()).hasToString("2026-01-01T10:00:00Z"));
    }

    @Test
    void aPodDeletedWhileRunningIsGoneNamingTheDisruption() {
        Pod running = pod("Running", null, null, null, new PodConditionBuilder().withType("DisruptionTarget")
                .withStatus("True").withReason("PreemptionByScheduler").withMessage("preempted").build());
        PodVerdict v = PodJudge.judge(running, true);
        assertThat(v).isInstanceOfSatisfying(PodVerdict.Gone.class,
                g -> assertThat(g.detail()).contains("deleted before the run ended")
                        .contains("DisruptionTarget: PreemptionByScheduler: preempted"));
    }

    @Test
    void aPodDeletedAfterItsContainerEndedStillHasItsResult() {
        PodVerdict v = PodJudge.judge(pod("Running", null, null, exited(2, "Error")), true);
        assertThat(v).isInstanceOfSatisfying(PodVerdict.Finished.class, f -> {
            assertThat(f.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(f.exitCode()).isEqualTo(2);
        });
    }
}
