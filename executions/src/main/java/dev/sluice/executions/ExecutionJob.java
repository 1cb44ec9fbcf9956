package dev.sluice.executions;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.engine.Backoff;
import dev.sluice.engine.JobContext;
import dev.sluice.engine.JobType;
import dev.sluice.engine.Outcome;
import dev.sluice.engine.PermanentJobException;
import dev.sluice.sandbox.CancelToken;
import dev.sluice.sandbox.CodeRunner;
import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.OutputSink;
import dev.sluice.sandbox.RunResult;
import dev.sluice.sandbox.RunSpec;
import dev.sluice.sandbox.SandboxException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The {@code execution} job type: runs user code through a {@link CodeRunner} (the local sandbox or
 * Kubernetes pods), records its output live and keeps it with the result.
 *
 * <p>What the code does is a <em>result</em>: exit 0 or 1, a timeout, running out of memory or output
 * all end the job as succeeded, with the execution's own status in the result. Only failures of the
 * runner itself (the sandbox could not be set up, the cluster unreachable) fail the attempt and are
 * retried; a cancel ends it as cancelled, keeping the output printed before.
 */
public final class ExecutionJob {
    public static final String NAME = "execution";
    public static final String QUEUE = "executions";

    private ExecutionJob() {}

    /**
     * @param runner null in processes that run no executions (the API): they validate and enqueue only
     */
    public static JobType<ExecutionRequest> type(ExecutionPolicy policy, Supplier<CodeRunner> runner) {
        return JobType.named(NAME, ExecutionRequest.class)
                .queue(QUEUE)
                .maxAttempts(3)
                .timeout(ExecutionPolicy.HARD_MAXIMA.wall().plusMinutes(2))
                .backoff(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)))
                .validator(policy::validate)
                .handler((context, request) -> run(context, request, policy, runner.get()))
                .build();
    }

    /** The run id of an attempt: names its cgroup or pod. */
    public static String runId(long jobId, int attempt) {
        return "exec-" + jobId + "-a" + attempt;
    }

    private static Outcome run(JobContext context, ExecutionRequest request, ExecutionPolicy policy, CodeRunner runner)
            throws InterruptedException {
        if (runner == null) {
            throw new SandboxException("this process runs no executions");
        }
        Limits limits = policy.limits(request.limits());
        RunSpec spec = new RunSpec(runId(context.jobId(), context.attempt()), request.language(), request.version(),
                request.code(), request.stdin(), request.args(), limits);
        CancelToken cancel = new CancelToken();
        context.onCancel(cancel::cancel);
        RunResult result;
        OutputRecorder output = new OutputRecorder(context);
        long begin = System.nanoTime();
        try {
            result = runner.run(spec, output, cancel);
        } catch (IllegalArgumentException e) {
            throw new PermanentJobException(e.getMessage(), e);
        } catch (InterruptedException e) {
            if (context.stopReason() != JobContext.StopReason.CANCELLED) {
                throw e;
            }
            // the cancel interrupted the run (the runner killed it first): keep what it printed
            output.close();
            return new Outcome.Cancelled("cancelled while running", result(new RunResult(
                    dev.sluice.sandbox.Outcome.CANCELLED, null, "cancelled while running",
                    Duration.ofNanos(System.nanoTime() - begin), Duration.ZERO, -1, false, false), output));
        } finally {
            output.close();
        }
        ObjectNode view = result(result, output);
        return switch (result.outcome()) {
            case CANCELLED -> new Outcome.Cancelled("cancelled while running", view);
            case ERROR -> new Outcome.Retry("the runner failed: " + result.detail(), null);
            default -> Outcome.succeeded(view);
        };
    }

    static ObjectNode result(RunResult r, OutputRecorder output) {
        ObjectNode v = JsonNodeFactory.instance.objectNode();
        v.put("status", ExecutionStatus.of(r.outcome()).wire());
        if (r.exitCode() == null) {
            v.putNull("exitCode");
        } else {
            v.put("exitCode", r.exitCode());
        }
        v.put("stdout", output.text(OutputSink.Stream.STDOUT));
        v.put("stderr", output.text(OutputSink.Stream.STDERR));
        v.put("stdoutTruncated", r.stdoutTruncated());
        v.put("stderrTruncated", r.stderrTruncated());
        v.put("wallMs", r.wallTime() == null ? 0 : r.wallTime().toMillis());
        v.put("cpuMs", r.cpuTime() == null ? 0 : r.cpuTime().toMillis());
        v.put("peakMemoryBytes", r.peakMemoryBytes());
        if (r.detail() != null) {
            v.put("detail", r.detail());
        }
        return v;
    }
}
