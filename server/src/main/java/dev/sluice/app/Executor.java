package dev.sluice.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.config.ExecutionOptions;
import dev.sluice.engine.QueueGate;
import dev.sluice.executions.ExecutionJob;
import dev.sluice.executions.ExecutionPolicy;
import dev.sluice.kubernetes.KubernetesExecutor;
import dev.sluice.kubernetes.LiveRun;
import dev.sluice.kubernetes.RunLedger;
import dev.sluice.kubernetes.RunRef;
import dev.sluice.lifecycle.Service;
import dev.sluice.sandbox.CodeRunner;
import dev.sluice.sandbox.Preflight;
import dev.sluice.sandbox.RuntimeInfo;
import dev.sluice.sandbox.local.LocalSandbox;
import dev.sluice.sandbox.local.LocalSandboxConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner behind executions in a worker process — the local sandbox or Kubernetes — as one
 * service, with the gate that keeps the executions queue closed while the runner's preflight fails
 * (code never runs unsandboxed), and what the worker publishes about it (runtimes, readiness).
 */
final class Executor implements Service {
    private static final Logger log = LoggerFactory.getLogger(Executor.class);

    private final ExecutionOptions options;
    private final Service service;
    private final CodeRunner runner;

    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param port this process's HTTP port (0 when chosen at bind): it names the sandbox's cgroup, uid
     *     range and work directory, so two Sluice processes on one host never share them, and a process
     *     restarted on the same port cleans up what its crashed predecessor left
     */
    Executor(ExecutionOptions options, DataSource dataSource, int port) {
        this.options = options;
        if (options.executor() == ExecutionOptions.Executor.KUBERNETES) {
            KubernetesExecutor k8s = KubernetesExecutor.create(options.kubernetes(), new Ledger(dataSource));
            this.service = k8s;
            this.runner = k8s.runner();
        } else {
            long key = port != 0 ? port : ProcessHandle.current().pid() * 31 + INSTANCES.incrementAndGet();
            LocalSandbox sandbox = new LocalSandbox(LocalSandboxConfig.defaults()
                    .withSlots(Math.min(options.sandboxSlots(), 64))
                    .withCgroupName("sluice-" + key)
                    .withUidBase(61000 + (int) (key % 60) * 64)
                    .withWorkRoot(java.nio.file.Path.of("/run/sluice-sandbox-" + key))
                    .withMaxLimits(ExecutionPolicy.HARD_MAXIMA));
            this.service = sandbox;
            this.runner = sandbox;
        }
    }

    @Override
    public String name() {
        return "executor[" + options.executor() + "]";
    }

    /**
     * Starts the runner in the background: its checks (a sandboxed hello per runtime, cluster access)
     * take seconds, and nothing else should wait for them. Until they are done the executions queue
     * stays closed ({@link #gate()}), so no code runs before the runner is known to be ready.
     */
    @Override
    public synchronized void start() {
        if (starting != null) {
            return;
        }
        starting = Thread.ofPlatform().name("executor-start").start(() -> {
            try {
                service.start();
                Preflight preflight = runner.preflight();
                if (!preflight.ready()) {
                    log.warn("executions cannot run on this worker until this is fixed: {}", preflight.problem().orElse("?"));
                }
            } catch (RuntimeException e) {
                failure = "the executor failed to start: " + e.getMessage();
                log.error(failure, e);
            } finally {
                started = true;
            }
        });
    }

    @Override
    public synchronized void stop() {
        if (starting == null) {
            return;
        }
        try {
            starting.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        service.stop();
        starting = null;
    }

    private Thread starting;
    private volatile boolean started;
    private volatile String failure;

    CodeRunner runner() {
        return runner;
    }

    /** Closed, with the exact fix, while any isolation piece is missing. */
    QueueGate gate() {
        return () -> {
            if (!started) {
                return Optional.of("the " + options.executor() + " executor is still starting");
            }
            if (failure != null) {
                return Optional.of(failure);
            }
            Preflight preflight = runner.preflight();
            return preflight.ready() ? Optional.empty() : preflight.problem();
        };
    }

    int concurrency() {
        return options.executor() == ExecutionOptions.Executor.LOCAL ? options.sandboxSlots() : 16;
    }

    /** What the worker says about its runtimes with every heartbeat. */
    ArrayNode runtimes() {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        try {
            for (RuntimeInfo r : runner.runtimes()) {
                list.addObject().put("language", r.language()).put("version", r.version()).put("default", r.isDefault());
            }
        } catch (RuntimeException e) {
            log.debug("runtimes unavailable: {}", e.toString());
        }
        return list;
    }

    String kind() {
        return options.executor().toString();
    }

    /** The Kubernetes reconciler's view of running executions, read from the jobs. */
    private static final class Ledger implements RunLedger {
        private final DataSource dataSource;

        Ledger(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public Collection<LiveRun> liveRuns() {
            List<LiveRun> runs = new ArrayList<>();
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT id, attempt, started_at FROM sluice.jobs WHERE type = ? AND state = 'running'")) {
                ps.setString(1, ExecutionJob.NAME);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        runs.add(new LiveRun(RunRef.of(ExecutionJob.runId(rs.getLong(1), rs.getInt(2))),
                                rs.getObject(3, OffsetDateTime.class).toInstant()));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the running executions: " + e.getMessage(), e);
            }
            return runs;
        }

        /**
         * The attempt's own worker notices the vanished pod (its run fails and is retried); if that worker
         * is gone too, the attempt's lease expires and maintenance takes it back. Nothing to write here.
         */
        @Override
        public void podVanished(LiveRun run, String detail) {
            log.warn("execution {} attempt {}: {}; its worker retries it, or maintenance does once its lease expires",
                    run.run().execution(), run.run().attempt(), detail);
        }
    }
}
