package dev.sluice.sandbox.local;

import dev.sluice.lifecycle.Service;
import dev.sluice.sandbox.CancelToken;
import dev.sluice.sandbox.CodeRunner;
import dev.sluice.sandbox.Outcome;
import dev.sluice.sandbox.OutputSink;
import dev.sluice.sandbox.Preflight;
import dev.sluice.sandbox.RunResult;
import dev.sluice.sandbox.RunSpec;
import dev.sluice.sandbox.RuntimeInfo;
import dev.sluice.sandbox.SandboxException;
import dev.sluice.sandbox.runtimes.InstalledRuntime;
import dev.sluice.sandbox.runtimes.Language;
import dev.sluice.sandbox.runtimes.RuntimeDiscovery;
import dev.sluice.sandbox.runtimes.Runtimes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local sandbox: runs code under bubblewrap, a cgroup per run, a seccomp filter, an unprivileged
 * uid per slot and rlimits, on this host, without Docker.
 *
 * <p>{@link #start()} checks every isolation piece (the result is {@link #preflight()}), kills and
 * removes cgroups a crashed predecessor left under this sandbox's cgroup name, discovers the runtimes
 * and runs a hello program in each through the real sandbox. A sandbox that is not ready still starts
 * (so a server can boot and report why) but refuses every run with a {@link SandboxException}; it
 * never runs code unsandboxed. {@link #stop()} kills the runs in progress (they end with a
 * SandboxException), removes every cgroup and the work files.
 *
 * <p>Errors: a program's own behaviour is always an {@link Outcome}. A failure to set the sandbox up
 * for a run (its directory, cgroup or launcher, or bwrap refusing to start) throws
 * {@link SandboxException} and may be retried. {@link Outcome#ERROR} is returned only when the run was
 * stopped by something around it after it started: the output sink threw. A request for a language,
 * version or limits this sandbox does not offer throws {@link IllegalArgumentException}.
 */
public final class LocalSandbox implements CodeRunner, Service {
    private static final Logger log = LoggerFactory.getLogger(LocalSandbox.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    /** Arguments beyond this would fail exec (E2BIG) as if the sandbox were broken; they are refused up front. */
    static final int MAX_ARGUMENT_BYTES = 128 * 1024;

    private enum State { NEW, RUNNING, STOPPED }

    private final LocalSandboxConfig config;
    private final Set<SandboxRun> active = ConcurrentHashMap.newKeySet();
    private volatile State state = State.NEW;
    private volatile Preflight preflight = new Preflight(List.of(
            new Preflight.Check("started", false, "the local sandbox has not been started", "call start() first")));
    private volatile SandboxParts parts;
    private volatile SlotPool slots;
    /** What start() set up on the host, to undo at stop() even when the sandbox never became ready. */
    private volatile CgroupDriver preparedCgroups;
    private volatile WorkRoot preparedWork;

    public LocalSandbox(LocalSandboxConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return "sandbox[local]";
    }

    public LocalSandboxConfig config() {
        return config;
    }

    @Override
    public synchronized void start() {
        if (state == State.RUNNING) {
            return;
        }
        long begin = System.nanoTime();
        List<Preflight.Check> checks = new ArrayList<>();
        try {
            checks.add(HostChecks.platform());
            checks.add(HostChecks.root());
            Optional<HostTools> tools = HostSetup.tools(checks);
            checks.add(HostChecks.seccomp());
            checks.add(HostChecks.userNamespaces());
            checks.add(HostChecks.uidRange(config));
            CgroupDriver cgroups = HostSetup.cgroups(config, checks);
            SystemDirectories system = SystemDirectories.ofHost();
            RuntimeDiscovery.Result discovered = new RuntimeDiscovery(Language.known(), system.directories()).discover();
            checks.addAll(discovered.checks());
            WorkRoot work = HostSetup.workRoot(config, checks);
            preparedCgroups = cgroups;
            preparedWork = work;

            slots = new SlotPool(config.slots());
            state = State.RUNNING;
            if (tools.isPresent() && cgroups != null && new Preflight(checks).ready()) {
                parts = new SandboxParts(config, tools.get(), system, work, cgroups, new Launcher(), discovered.runtimes());
                Runtimes working = new HelloChecks(config, this::execute).workingRuntimes(discovered.runtimes(), checks);
                parts = new SandboxParts(config, tools.get(), system, work, cgroups, parts.launcher(), working);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.add(new Preflight.Check("preflight", false, "interrupted while checking", "start again"));
        } catch (RuntimeException e) {
            checks.add(new Preflight.Check("preflight", false, "failed: " + e, null));
        }
        preflight = new Preflight(checks);
        state = State.RUNNING;
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        preflight.problem().ifPresentOrElse(
                problem -> log.warn("local sandbox started but NOT ready, it refuses to run code: {}", problem),
                () -> log.info("local sandbox ready in {} ms: {} slots, {}, runtimes {}", ms, config.slots(),
                        parts.cgroups().describe(), runtimes()));
    }

    @Override
    public RunResult run(RunSpec spec, OutputSink output, CancelToken cancel) throws InterruptedException {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(cancel, "cancel");
        if (state != State.RUNNING) {
            throw new SandboxException("the local sandbox is not running (" + state + "); run " + spec.runId() + " refused");
        }
        Preflight checked = preflight;
        if (!checked.ready()) {
            throw new SandboxException("the local sandbox is not ready, so it refuses to run code: "
                    + checked.problem().orElse("unknown"));
        }
        return execute(spec, output, cancel);
    }

    private RunResult execute(RunSpec spec, OutputSink output, CancelToken cancel) throws InterruptedException {
        SandboxParts p = parts;
        if (p == null) {
            throw new SandboxException("the local sandbox stopped; run " + spec.runId() + " refused");
        }
        if (!spec.limits().within(config.maxLimits())) {
            throw new IllegalArgumentException("limits of run " + spec.runId() + " exceed what this sandbox allows: "
                    + spec.limits() + " > " + config.maxLimits());
        }
        checkArguments(spec);
        InstalledRuntime runtime = p.runtimes().select(spec.language(), spec.version());
        if (cancel.isCancelled()) {
            return cancelledBeforeStart();
        }
        SlotPool pool = slots;
        OptionalInt slot = pool.acquire(cancel);
        if (slot.isEmpty()) {
            if (pool.isClosed()) {
                throw new SandboxException("the local sandbox is stopping; run " + spec.runId() + " refused");
            }
            return cancelledBeforeStart();
        }
        SandboxRun run = new SandboxRun(p, spec, runtime, slot.getAsInt(), output, cancel);
        active.add(run);
        try {
            if (state != State.RUNNING) {
                run.abort(StopReason.SERVICE_STOPPED);
            }
            return run.execute();
        } finally {
            active.remove(run);
            pool.release(slot.getAsInt());
        }
    }

    private static void checkArguments(RunSpec spec) {
        long bytes = 0;
        for (String arg : spec.args()) {
            if (arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("an argument of run " + spec.runId() + " contains a NUL character");
            }
            bytes += arg.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        if (bytes > MAX_ARGUMENT_BYTES) {
            throw new IllegalArgumentException("the arguments of run " + spec.runId() + " take " + bytes + " bytes; at most "
                    + MAX_ARGUMENT_BYTES + " are allowed");
        }
    }

    private static RunResult cancelledBeforeStart() {
        return new RunResult(Outcome.CANCELLED, null, "cancelled before it started", Duration.ZERO, Duration.ZERO, -1,
                false, false);
    }

    @Override
    public List<RuntimeInfo> runtimes() {
        SandboxParts p = parts;
        return p == null ? List.of() : p.runtimes().infos();
    }

    @Override
    public Preflight preflight() {
        return preflight;
    }

    @Override
    public synchronized void stop() {
        if (state != State.RUNNING) {
            return;
        }
        state = State.STOPPED;
        SlotPool pool = slots;
        if (pool != null) {
            pool.close();
        }
        active.forEach(run -> run.abort(StopReason.SERVICE_STOPPED));
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (!active.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        if (!active.isEmpty()) {
            log.warn("{} runs still ending after {}; removing their cgroups anyway", active.size(), STOP_TIMEOUT);
        }
        CgroupDriver cgroups = preparedCgroups;
        if (cgroups != null) {
            HostSetup.killLeftovers(cgroups);
            cgroups.removeParent();
        }
        SandboxParts p = parts;
        if (p != null) {
            p.launcher().close();
        }
        WorkRoot work = preparedWork;
        if (work != null) {
            try {
                work.clear();
            } catch (IOException e) {
                log.warn("cannot clear the work root {}: {}", config.workRoot(), e.toString());
            }
        }
        preparedCgroups = null;
        preparedWork = null;
        parts = null;
        preflight = new Preflight(List.of(new Preflight.Check("started", false, "the local sandbox was stopped", "start it again")));
        log.info("local sandbox stopped");
    }
}
