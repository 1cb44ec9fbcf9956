package dev.sluice.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.kubernetes.pod.Labels;
import dev.sluice.sandbox.CancelToken;
import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.Outcome;
import dev.sluice.sandbox.OutputSink;
import dev.sluice.sandbox.RunResult;
import dev.sluice.sandbox.RunSpec;
import dev.sluice.sandbox.SandboxException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs end to end against the mock API; the test plays the kubelet (pod status, log). The reconciler loop is
 * slowed to once a minute so it cannot interfere; ReconcilerTest drives it directly.
 */
class KubernetesRunnerTest {
    // Generous for a cold JVM on a busy 2-core machine; the API timeout bounds the outage test's length.
    private static final Timing TIMING = new Timing(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMinutes(1),
            Duration.ofMinutes(2));
    /** For the tests of pods that never start: they end after the pod start timeout. */
    private static final Timing SHORT_START = new Timing(Duration.ofSeconds(3), Duration.ofSeconds(5),
            Duration.ofMinutes(1), Duration.ofMinutes(2));
    private FakeCluster cluster;
    private KubernetesExecutor executor;
    private final FakeLedger ledger = new FakeLedger();

    @BeforeEach
    void start() {
        cluster = new FakeCluster(TIMING).withPreparedNamespace();
        startExecutor(TIMING);
    }

    private void startExecutor(Timing timing) {
        if (executor != null) {
            executor.stop();
        }
        int passes = ledger.asked.get();
        executor = KubernetesExecutor.using(cluster.client, FakeCluster.config().withTiming(timing), ledger,
                InstantSource.system());
        executor.start();
        // the reconciler's first pass runs at start; let it finish so it cannot race with the test's runs
        await().atMost(Duration.ofSeconds(5)).until(() -> ledger.asked.get() > passes);
    }

    @AfterEach
    void stop() {
        executor.stop();
        cluster.close();
    }

    private Runs.Call run(RunSpec spec, OutputSink sink, CancelToken cancel) {
        ledger.running(spec.runId(), Instant.now());
        return Runs.start(executor.runner(), spec, sink, cancel);
    }

    private Runs.Call run(String runId) {
        return run(Runs.python(runId), OutputSink.DISCARD, new CancelToken());
    }

    private static RunResult result(Runs.Call call) throws Exception {
        return call.result().get(15, TimeUnit.SECONDS);
    }

    private void awaitGone(String runId) {
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.pod(runId) == null);
    }

    @Test
    void aPodThatExitsZeroSucceedsWithItsOutput() throws Exception {
        CollectingSink sink = new CollectingSink();
        Runs.Call call = run(Runs.python("exec-42-a1"), sink, new CancelToken());

        cluster.awaitPod("exec-42-a1");
        cluster.log("exec-42-a1", "hello\n");
        cluster.running("exec-42-a1");
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.stdout().equals("hello\n"));
        cluster.exited("exec-42-a1", 0);

        RunResult result = result(call);
        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.exitCode()).isZero();
        assertThat(result.detail()).isNull();
        assertThat(result.wallTime()).isEqualTo(Duration.ofSeconds(2)); // the kubelet's start and finish times
        assertThat(sink.stdout()).isEqualTo("hello\n");
        assertThat(sink.stderrBytes()).isZero();
        awaitGone("exec-42-a1");
        assertThat(cluster.kubelet.configMaps().inNamespace(FakeCluster.NAMESPACE)
                .withName(Labels.objectName("exec-42-a1")).get()).isNull();
        assertThat(executor.runner().runsInFlight()).isZero();
    }

    @Test
    void theProgramTravelsInAConfigMapOwnedByItsPod() throws Exception {
        Runs.Call call = run("exec-5-a2");
        Pod pod = cluster.awaitPod("exec-5-a2");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            ConfigMap cm = cluster.kubelet.configMaps().inNamespace(FakeCluster.NAMESPACE)
                    .withName(Labels.objectName("exec-5-a2")).get();
            assertThat(cm.getData()).containsEntry("main.py", "import sys\nprint(sys.stdin.read())\n")
                    .containsEntry("stdin", "hello");
            assertThat(cm.getImmutable()).isTrue();
            assertThat(cm.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
                assertThat(owner.getKind()).isEqualTo("Pod");
                assertThat(owner.getName()).isEqualTo(pod.getMetadata().getName());
                assertThat(owner.getUid()).isEqualTo(pod.getMetadata().getUid());
            });
            assertThat(cm.getMetadata().getLabels()).containsEntry(Labels.EXECUTION, "exec-5")
                    .containsEntry(Labels.ATTEMPT, "2");
        });
        assertThat(pod.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "sluice")
                .containsEntry("sluice.dev/run-id", "exec-5-a2")
                .containsEntry("sluice.dev/execution", "exec-5")
                .containsEntry("sluice.dev/attempt", "2");

        cluster.exited("exec-5-a2", 0);
        assertThat(result(call).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void aNonZeroExitFailsWithTheExitCode() throws Exception {
        Runs.Call call = run("exec-1-a1");
        cluster.awaitPod("exec-1-a1");
        cluster.log("exec-1-a1", "Traceback: boom\n");
        cluster.running("exec-1-a1");
        cluster.exited("exec-1-a1", 3);

        RunResult result = result(call);
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.detail()).isNull();
        awaitGone("exec-1-a1");
    }

    @Test
    void oomKilledIsOutOfMemory() throws Exception {
        Runs.Call call = run("exec-2-a1");
        cluster.awaitPod("exec-2-a1");
        cluster.running("exec-2-a1");
        cluster.oomKilled("exec-2-a1");

        RunResult result = result(call);
        assertThat(result.outcome()).isEqualTo(Outcome.OUT_OF_MEMORY);
        assertThat(result.exitCode()).isNull();
        assertThat(result.detail()).contains("OOMKilled");
    }

    @Test
    void deadlineExceededIsTimedOut() throws Exception {
        Runs.Call call = run("exec-3-a1");
        cluster.awaitPod("exec-3-a1");
        cluster.running("exec-3-a1");
        cluster.deadlineExceeded("exec-3-a1");

        RunResult result = result(call);
        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.exitCode()).isNull();
        assertThat(result.detail()).contains("activeDeadlineSeconds");
    }

    @Test
    void anImagePullBackOffEndsAsAnErrorOnceThePodStartTimeoutPasses() throws Exception {
        startExecutor(SHORT_START);
        long started = System.nanoTime();
        Runs.Call call = run("exec-4-a1");
        cluster.awaitPod("exec-4-a1");
        cluster.waiting("exec-4-a1", "ImagePullBackOff", "Back-off pulling image \"python:3.12-slim\"");

        RunResult result = result(call);
        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.detail()).contains("did not start within PT3S").contains("ImagePullBackOff")
                .contains("Back-off pulling image");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        awaitGone("exec-4-a1");
    }

    @Test
    void anInvalidImageNameEndsAtOnce() throws Exception {
        Runs.Call call = run("exec-6-a1");
        cluster.awaitPod("exec-6-a1");
        cluster.waiting("exec-6-a1", "InvalidImageName", "couldn't parse image reference \"Python:3\"");

        RunResult result = result(call);
        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.detail()).startsWith("the pod cannot start: InvalidImageName");
        awaitGone("exec-6-a1");
    }

    @Test
    void anUnschedulablePodEndsAsAnErrorNamingTheReason() throws Exception {
        startExecutor(SHORT_START);
        Runs.Call call = run("exec-8-a1");
        cluster.awaitPod("exec-8-a1");
        cluster.unschedulable("exec-8-a1");

        RunResult result = result(call);
        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.detail()).contains("Unschedulable: 0/3 nodes are available: 3 Insufficient memory.");
        awaitGone("exec-8-a1");
    }

    @Test
    void aPodThatNeverLeavesPendingEndsAsAnError() throws Exception {
        startExecutor(SHORT_START);
        Runs.Call call = run("exec-10-a1");

        RunResult result = result(call);
        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.detail()).contains("did not start within PT3S (still Pending)");
        awaitGone("exec-10-a1");
    }

    @Test
    void aPodDeletedUnderUsIsAnError() throws Exception {
        Runs.Call call = run("exec-11-a1");
        cluster.awaitPod("exec-11-a1");
        cluster.running("exec-11-a1");
        cluster.kubelet.pods().inNamespace(FakeCluster.NAMESPACE).withName(Labels.objectName("exec-11-a1")).delete();

        RunResult result = result(call);
        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.detail()).contains("deleted before the run ended");
    }

    @Test
    void outputBeyondTheCapIsCutAndThePodDeleted() throws Exception {
        CollectingSink sink = new CollectingSink();
        byte[] log = new byte[200 * 1024];
        Arrays.fill(log, (byte) 'x');
        long cap = 150 * 1024;
        Runs.Call call = run(Runs.python("exec-12-a1", Runs.outputCap(cap)), sink, new CancelToken());
        cluster.awaitPod("exec-12-a1");
        cluster.log("exec-12-a1", log);
        cluster.running("exec-12-a1"); // and it never exits by itself

        RunResult result = result(call);
        assertThat(result.outcome()).isEqualTo(Outcome.OUTPUT_LIMITED);
        assertThat(result.stdoutTruncated()).isTrue();
        assertThat(result.stderrTruncated()).isFalse();
        assertThat(sink.stdoutBytes()).isEqualTo(cap);
        assertThat(sink.chunkSizes).allSatisfy(size -> assertThat(size).isBetween(1, 64 * 1024));
        assertThat(cluster.dispatcher.logRequests).anySatisfy(path ->
                assertThat(path).contains("follow=true").contains("limitBytes=" + (cap + 1)).contains("container=run"));
        awaitGone("exec-12-a1");
    }

    @Test
    void outputOfExactlyTheCapIsNotLimited() throws Exception {
        CollectingSink sink = new CollectingSink();
        Runs.Call call = run(Runs.python("exec-13-a1", Runs.outputCap(10)), sink, new CancelToken());
        cluster.awaitPod("exec-13-a1");
        cluster.log("exec-13-a1", "0123456789");
        cluster.running("exec-13-a1");
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.stdoutBytes() == 10);
        cluster.exited("exec-13-a1", 0);

        RunResult result = result(call);
        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.stdoutTruncated()).isFalse();
        assertThat(sink.stdout()).isEqualTo("0123456789");
    }

    @Test
    void aPodThatEndedBeforeItWasSeenRunningStillDeliversItsLog() throws Exception {
        CollectingSink sink = new CollectingSink();
        Runs.Call call = run(Runs.python("exec-14-a1"), sink, new CancelToken());
        cluster.awaitPod("exec-14-a1");
        cluster.log("exec-14-a1", "quick\n");
        cluster.exited("exec-14-a1", 0);

        assertThat(result(call).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(sink.stdout()).isEqualTo("quick\n");
    }

    @Test
    void cancellingDeletesThePodAndEndsCancelled() throws Exception {
        CancelToken cancel = new CancelToken();
        Runs.Call call = run(Runs.python("exec-15-a1"), OutputSink.DISCARD, cancel);
        cluster.awaitPod("exec-15-a1");
        cluster.running("exec-15-a1");
        await().atMost(Duration.ofSeconds(5)).until(() -> !cluster.dispatcher.logRequests.isEmpty());

        long cancelledAt = System.nanoTime();
        cancel.cancel();
        RunResult result = result(call);
        assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(2));
        assertThat(result.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(result.detail()).isEqualTo("cancelled");
        assertThat(cluster.pod("exec-15-a1")).isNull(); // deletion confirmed before run() returned
    }

    @Test
    void aRunCancelledBeforeItStartsCreatesNoPod() throws Exception {
        CancelToken cancel = new CancelToken();
        cancel.cancel();
        RunResult result = executor.runner().run(Runs.python("exec-16-a1"), OutputSink.DISCARD, cancel);

        assertThat(result.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(cluster.pods()).isEmpty();
    }

    @Test
    void interruptingTheCallerDeletesThePod() throws Exception {
        Runs.Call call = run("exec-17-a1");
        cluster.awaitPod("exec-17-a1");
        cluster.running("exec-17-a1");

        call.thread().interrupt();
        assertThatThrownBy(() -> call.result().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InterruptedException.class);
        awaitGone("exec-17-a1");
    }

    @Test
    void eachAttemptOnlyEverSeesItsOwnPod() throws Exception {
        CollectingSink first = new CollectingSink();
        CollectingSink second = new CollectingSink();
        Runs.Call older = run(Runs.python("exec-7-a1"), first, new CancelToken());
        Runs.Call newer = run(Runs.python("exec-7-a2"), second, new CancelToken());
        cluster.awaitPod("exec-7-a1");
        cluster.awaitPod("exec-7-a2");
        cluster.log("exec-7-a1", "old\n");
        cluster.log("exec-7-a2", "new\n");

        cluster.exited("exec-7-a1", 3);
        RunResult olderResult = result(older);
        assertThat(newer.result()).isNotDone();
        cluster.exited("exec-7-a2", 0);

        assertThat(olderResult.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(olderResult.exitCode()).isEqualTo(3);
        assertThat(first.stdout()).isEqualTo("old\n");
        assertThat(result(newer).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(second.stdout()).isEqualTo("new\n");
    }

    @Test
    void aStalePodOfTheSameRunIdIsReplacedAndItsResultNeverRead() throws Exception {
        String name = Labels.objectName("exec-9-a1");
        cluster.kubelet.pods().inNamespace(FakeCluster.NAMESPACE).resource(new PodBuilder().withNewMetadata()
                .withName(name).addToLabels(Labels.MANAGED_BY, Labels.MANAGER).addToAnnotations(Labels.NONCE, "stale")
                .endMetadata().withNewSpec().addNewContainer().withName("run").withImage("python").endContainer()
                .endSpec().build()).create();
        cluster.exited("exec-9-a1", 0); // a finished result that belongs to someone else

        Runs.Call call = run("exec-9-a1");
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Pod pod = cluster.pod("exec-9-a1");
            return pod != null && !"stale".equals(pod.getMetadata().getAnnotations().get(Labels.NONCE));
        });
        assertThat(call.result()).isNotDone();
        cluster.exited("exec-9-a1", 5);

        RunResult result = result(call);
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.exitCode()).isEqualTo(5);
    }

    @Test
    void anUnknownLanguageIsAnErrorWithoutAPod() throws Exception {
        RunSpec cobol = new RunSpec("exec-18-a1", "cobol", null, "DISPLAY 'HI'.", null, List.of(), Limits.DEFAULTS);
        RunResult result = executor.runner().run(cobol, OutputSink.DISCARD, new CancelToken());

        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.detail()).contains("no runtime cobol").contains("python 3.12");
        assertThat(cluster.pods()).isEmpty();
    }

    @Test
    void codeTooLargeForAConfigMapIsAnErrorWithoutAPod() throws Exception {
        String big = "#".repeat(1024 * 1024);
        RunSpec spec = new RunSpec("exec-19-a1", "python", null, big, null, List.of(), Limits.DEFAULTS);
        RunResult result = executor.runner().run(spec, OutputSink.DISCARD, new CancelToken());

        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.detail()).contains("ConfigMap");
        assertThat(cluster.pods()).isEmpty();
    }

    @Test
    void aRunnerWhoseExecutorIsNotStartedRefusesToRun() {
        KubernetesExecutor idle = KubernetesExecutor.using(cluster.client, FakeCluster.config(), ledger,
                InstantSource.system());
        assertThatThrownBy(() -> idle.runner().run(Runs.python("exec-20-a1"), OutputSink.DISCARD, new CancelToken()))
                .isInstanceOf(SandboxException.class).hasMessageContaining("not started");
        assertThat(cluster.pods()).isEmpty();
    }

    @Test
    void losingTheApiMidRunThrowsARetryableErrorAndLeavesNothingRunning() throws Exception {
        ledger.live.clear();
        Runs.Call call = Runs.start(executor.runner(), Runs.python("exec-21-a1"), OutputSink.DISCARD, new CancelToken());
        cluster.awaitPod("exec-21-a1");
        cluster.running("exec-21-a1");
        await().atMost(Duration.ofSeconds(5)).until(() -> !cluster.dispatcher.logRequests.isEmpty());

        cluster.stopApi();
        assertThatThrownBy(() -> call.result().get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SandboxException.class)
                .hasMessageContaining("lost the Kubernetes API");
        assertThat(executor.runner().runsInFlight()).isZero();

        cluster.restartApi(); // the engine failed or retried the execution, so it is not live: the pod is an orphan
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> executor.reconciler().runOnce().deletedPods().contains(Labels.objectName("exec-21-a1"))
                        || cluster.pod("exec-21-a1") == null);
        assertThat(cluster.pod("exec-21-a1")).isNull();
    }

    @Test
    void stderrIsMergedIntoStdoutByKubernetes() throws Exception {
        CollectingSink sink = new CollectingSink();
        Runs.Call call = run(Runs.python("exec-22-a1"), sink, new CancelToken());
        cluster.awaitPod("exec-22-a1");
        cluster.log("exec-22-a1", "out\nerr\n".getBytes(StandardCharsets.UTF_8));
        cluster.exited("exec-22-a1", 1);

        RunResult result = result(call);
        assertThat(sink.stdout()).isEqualTo("out\nerr\n");
        assertThat(sink.stderrBytes()).isZero();
        assertThat(result.stderrTruncated()).isFalse();
    }

    @Test
    void aSinkThatThrowsStopsTheOutputButNotTheRun() throws Exception {
        Runs.Call call = run(Runs.python("exec-23-a1"), (stream, chunk) -> {
            throw new IllegalStateException("sink broken");
        }, new CancelToken());
        cluster.awaitPod("exec-23-a1");
        cluster.log("exec-23-a1", "some output\n");
        cluster.exited("exec-23-a1", 0);

        RunResult result = result(call);
        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.detail()).contains("the output sink failed").contains("sink broken");
    }
}
