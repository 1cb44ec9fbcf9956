package dev.sluice.sandbox.local;

import dev.sluice.sandbox.CancelToken;
import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.OutputSink;
import dev.sluice.sandbox.RunResult;
import dev.sluice.sandbox.RunSpec;
import dev.sluice.sandbox.SandboxException;
import dev.sluice.sandbox.runtimes.InstalledRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run from its directory and cgroup to its result. It waits for the first of: the program ends,
 * the wall limit, a cancel, an output limit, a failing sink, an interrupt, the sandbox stopping. Then,
 * whatever happened, it kills the whole cgroup (daemons and double-forked children included), waits
 * for the output to drain, reads what the cgroup counted and removes it.
 */
final class SandboxRun implements OutputPump.Listener {
    private static final Logger log = LoggerFactory.getLogger(SandboxRun.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final SandboxParts parts;
    private final RunSpec spec;
    private final InstalledRuntime runtime;
    private final int slot;
    private final OutputSink sink;
    private final CancelToken cancel;
    private final CompletableFuture<StopReason> stop = new CompletableFuture<>();
    private volatile OutputSink.Stream limitedStream;
    private volatile String sinkFailure;

    SandboxRun(SandboxParts parts, RunSpec spec, InstalledRuntime runtime, int slot, OutputSink sink, CancelToken cancel) {
        this.parts = parts;
        this.spec = spec;
        this.runtime = runtime;
        this.slot = slot;
        this.sink = sink;
        this.cancel = cancel;
    }

    /** Stops the run from outside (the sandbox is stopping); the first reason given wins. */
    void abort(StopReason reason) {
        stop.complete(reason);
    }

    @Override
    public void outputLimitReached(OutputSink.Stream stream) {
        limitedStream = stream;
        stop.complete(StopReason.OUTPUT_LIMIT);
    }

    @Override
    public void sinkFailed(OutputSink.Stream stream, RuntimeException failure) {
        sinkFailure = stream + ": " + failure;
        stop.complete(StopReason.SINK_FAILED);
    }

    RunResult execute() throws InterruptedException {
        String name = "s" + slot + "-" + spec.runId();
        RunDirectory dir;
        try {
            dir = RunDirectory.create(parts.work().runs(), name, runtime.sourceFileName(), spec.code(), parts.config().uidOf(slot));
        } catch (IOException e) {
            throw new SandboxException("cannot write the program of run " + spec.runId() + ": " + e.getMessage(), e);
        }
        try {
            RunCgroup cgroup;
            try {
                cgroup = parts.cgroups().create(name, spec.limits());
            } catch (IOException e) {
                throw new SandboxException("cannot create the cgroup of run " + spec.runId() + ": " + e.getMessage(), e);
            }
            try {
                return supervise(dir, cgroup);
            } finally {
                killQuietly(cgroup);
                if (!cgroup.remove()) {
                    log.warn("cgroup {} not removed yet; the sandbox removes it at stop or next start", name);
                }
            }
        } finally {
            try {
                dir.close();
            } catch (IOException e) {
                log.warn("cannot remove the directory of run {}; the sandbox clears it at stop: {}", spec.runId(), e.toString());
            }
        }
    }

    private RunResult supervise(RunDirectory dir, RunCgroup cgroup) throws InterruptedException {
        Limits limits = spec.limits();
        List<String> command = LaunchCommand.build(parts.tools(), parts.config().uidOf(slot), cgroup,
                parts.work().seccompProgram(), dir, limits,
                BwrapArguments.build(parts.tools().bwrap(), parts.tools().shell(), parts.system(), parts.work(), runtime, dir, limits, spec.args()));
        log.debug("run {} in slot {}: {}", spec.runId(), slot, command);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        Process process;
        try {
            process = parts.launcher().start(builder);
        } catch (IOException e) {
            throw new SandboxException("cannot start the sandbox for run " + spec.runId() + ": " + e.getMessage(), e);
        }
        long started = System.nanoTime();
        OutputPump out = new OutputPump(process.getInputStream(), OutputSink.Stream.STDOUT, limits.outputBytes(), sink, this);
        OutputPump err = new OutputPump(process.getErrorStream(), OutputSink.Stream.STDERR, limits.outputBytes(), sink, this);
        String threadName = "sandbox-" + spec.runId();
        Thread outThread = Thread.ofPlatform().name(threadName + "-stdout").daemon(true).start(out);
        Thread errThread = Thread.ofPlatform().name(threadName + "-stderr").daemon(true).start(err);
        Thread inThread = Thread.ofPlatform().name(threadName + "-stdin").daemon(true)
                .start(new StdinFeeder(process.getOutputStream(), spec.stdin().getBytes(StandardCharsets.UTF_8)));
        process.onExit().thenRun(() -> stop.complete(StopReason.EXITED));
        cancel.onCancel(() -> stop.complete(StopReason.CANCELLED));

        boolean interrupted = false;
        StopReason reason;
        try {
            reason = stop.get(limits.wall().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            stop.complete(StopReason.WALL_LIMIT);
            reason = stop.join();
        } catch (InterruptedException e) {
            interrupted = true;
            stop.complete(StopReason.INTERRUPTED);
            reason = stop.join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the stop signal never fails", e);
        }
        if (reason != StopReason.EXITED) {
            killQuietly(cgroup);
        }
        awaitExit(process);
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        killQuietly(cgroup);
        BwrapStatus status = status(dir);
        status.childPid().ifPresent(this::awaitNamespaceGone);
        join(outThread);
        join(errThread);
        join(inThread);

        CgroupUsage usage = usage(cgroup);
        boolean programStarted = programStarted(dir);
        if (interrupted) {
            Thread.interrupted(); // reported by the exception instead
            throw new InterruptedException("interrupted; run " + spec.runId() + " was killed");
        }
        if (reason == StopReason.SERVICE_STOPPED) {
            throw new SandboxException("the local sandbox stopped during run " + spec.runId() + "; the run was killed");
        }
        if (!programStarted && (reason == StopReason.EXITED || reason == StopReason.WALL_LIMIT)) {
            throw new SandboxException("the sandbox could not be set up for run " + spec.runId() + " (launcher "
                    + (reason == StopReason.EXITED ? "exit " + exitValue(process) : "still setting up at the wall limit") + "): "
                    + new String(err.head(), StandardCharsets.UTF_8).strip());
        }
        OptionalInt exitCode = status.exitCode().isPresent() ? status.exitCode()
                : process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
        Verdict verdict = Verdict.of(reason, exitCode, usage.oomKills(), limits, limitedStream, sinkFailure);
        Duration cpu = usage.cpuNanos() < 0 ? Duration.ZERO : Duration.ofNanos(usage.cpuNanos());
        return new RunResult(verdict.outcome(), verdict.exitCode(), verdict.detail(), wall, cpu, usage.peakMemoryBytes(),
                out.truncated(), err.truncated());
    }

    private void awaitExit(Process process) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (!process.waitFor(CgroupKill.KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                        log.warn("the launcher of run {} did not exit after its cgroup was killed", spec.runId());
                        process.destroyForcibly();
                        process.waitFor(CgroupKill.KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitNamespaceGone(long initPid) {
        if (!NamespaceInit.awaitGone(initPid, parts.config().uidOf(slot), CgroupKill.KILL_TIMEOUT)) {
            log.warn("the namespace init {} of run {} is still exiting after {}", initPid, spec.runId(), CgroupKill.KILL_TIMEOUT);
        }
    }

    private static String exitValue(Process process) {
        return process.isAlive() ? "unknown" : String.valueOf(process.exitValue());
    }

    private void join(Thread thread) {
        try {
            if (!thread.join(DRAIN_TIMEOUT)) {
                log.warn("{} still running {} after run {} ended", thread.getName(), DRAIN_TIMEOUT, spec.runId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void killQuietly(RunCgroup cgroup) {
        try {
            if (!cgroup.kill()) {
                log.warn("cgroup {} of run {} could not be emptied", cgroup.name(), spec.runId());
            }
        } catch (IOException e) {
            log.warn("killing cgroup {} of run {} failed: {}", cgroup.name(), spec.runId(), e.toString());
        }
    }

    private CgroupUsage usage(RunCgroup cgroup) {
        try {
            return cgroup.usage();
        } catch (IOException | RuntimeException e) {
            log.warn("cannot read what cgroup {} counted: {}", cgroup.name(), e.toString());
            return CgroupUsage.UNKNOWN;
        }
    }

    private boolean programStarted(RunDirectory dir) {
        try {
            return dir.programStarted();
        } catch (IOException e) {
            log.warn("cannot read the start marker of run {}: {}", spec.runId(), e.toString());
            return false;
        }
    }

    private BwrapStatus status(RunDirectory dir) {
        try {
            return BwrapStatus.parse(dir.readStatus());
        } catch (IOException e) {
            log.warn("cannot read the sandbox status of run {}: {}", spec.runId(), e.toString());
            return BwrapStatus.parse("");
        }
    }
}
