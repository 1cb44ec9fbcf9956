package dev.sluice.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.engine.maintenance.Maintainer;
import dev.sluice.engine.maintenance.PeriodicScheduler;
import dev.sluice.engine.maintenance.Pruner;
import dev.sluice.engine.maintenance.Rescuer;
import dev.sluice.engine.notify.Announcer;
import dev.sluice.engine.notify.Notifier;
import dev.sluice.engine.store.JobReads;
import dev.sluice.engine.store.JobStore;
import dev.sluice.engine.store.WorkerStore;
import dev.sluice.engine.worker.WorkerRuntime;
import dev.sluice.lifecycle.Service;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The job engine of one process, assembled from plain parts: the stores, enqueueing, the notifier,
 * and — in processes that run workers — the worker pools, lease keeper, completer, worker registry
 * and maintenance. {@link #services(boolean)} lists them in start order for the process's
 * {@code ServiceGroup}.
 */
public final class Engine {
    private final EngineConfig config;
    private final JobStore store;
    private final JobReads reads;
    private final WorkerStore workers;
    private final Jobs jobs;
    private final Notifier notifier;
    private final Announcer announcer;
    private final EngineMetrics metrics;
    private final WorkerRuntime runtime;
    private final Maintainer maintainer;

    /**
     * @param connections opens connections outside the pool, for LISTEN
     * @param role recorded in the workers registry (all, worker)
     * @param workerInfo details published with every worker heartbeat
     */
    public Engine(DataSource dataSource, Notifier.ConnectionFactory connections, JobTypes types, EngineConfig config,
            EngineMetrics metrics, InstantSource clock, String role, String version, Supplier<JsonNode> workerInfo) {
        this(dataSource, connections, types, config, metrics, clock, role, version, workerInfo, java.util.Map.of());
    }

    /** @param gates per queue, whether this process can work it now (see {@link QueueGate}) */
    public Engine(DataSource dataSource, Notifier.ConnectionFactory connections, JobTypes types, EngineConfig config,
            EngineMetrics metrics, InstantSource clock, String role, String version, Supplier<JsonNode> workerInfo,
            java.util.Map<String, QueueGate> gates) {
        this(dataSource, dataSource, connections, types, config, metrics, clock, role, version, workerInfo, gates);
    }

    /**
     * @param dataSource what callers of {@link #jobs()}, {@link #store()}, {@link #reads()} and
     *     {@link #workers()} use (the API's requests)
     * @param own the engine's own connections: claims, outcomes, lease renewals, heartbeats, maintenance
     *     and notifications, kept apart so that callers holding every connection of {@code dataSource}
     *     cannot starve the workers (a starved renewal would lose its lease); what handlers write through
     *     their context goes through {@code dataSource}
     */
    public Engine(DataSource dataSource, DataSource own, Notifier.ConnectionFactory connections, JobTypes types,
            EngineConfig config, EngineMetrics metrics, InstantSource clock, String role, String version,
            Supplier<JsonNode> workerInfo, java.util.Map<String, QueueGate> gates) {
        this.config = config;
        this.metrics = metrics;
        this.announcer = new Announcer(own);
        this.store = new JobStore(dataSource, announcer);
        this.reads = new JobReads(dataSource);
        this.workers = new WorkerStore(dataSource);
        this.jobs = new Jobs(dataSource, types, clock, announcer);
        this.notifier = Notifier.allChannels(connections);
        JobStore ownStore = new JobStore(own, announcer);
        WorkerStore ownWorkers = new WorkerStore(own);
        this.runtime = new WorkerRuntime(ownStore, store, ownWorkers, types, config, metrics, notifier, announcer, role, version,
                workerInfo, gates);
        Rescuer rescuer = new Rescuer(ownStore, metrics);
        PeriodicScheduler periodic = new PeriodicScheduler(own, new Jobs(own, types, clock, announcer), config.periodic(), clock);
        Pruner pruner = new Pruner(ownStore, ownWorkers, config.finishedRetention(), config.deadRetention());
        this.maintainer = new Maintainer(own, config.workerId(), config.leaderTtl(), List.of(
                new Maintainer.Task("rescue", config.rescueInterval(), rescuer::runOnce),
                new Maintainer.Task("periodic", Duration.ofSeconds(1), periodic::runOnce),
                new Maintainer.Task("prune", Duration.ofMinutes(1), pruner::runOnce)));
    }

    /**
     * In start order. Workers and maintenance only when {@code runWorkers}. The announcer comes first so
     * that it stops last: the outcomes written while the workers drain are still announced.
     */
    public List<Service> services(boolean runWorkers) {
        List<Service> services = new ArrayList<>();
        services.add(announcer);
        services.add(notifier);
        if (runWorkers) {
            services.addAll(runtime.services());
            services.add(maintainer);
        }
        return services;
    }

    public EngineConfig config() {
        return config;
    }

    public Jobs jobs() {
        return jobs;
    }

    public JobStore store() {
        return store;
    }

    public JobReads reads() {
        return reads;
    }

    public WorkerStore workers() {
        return workers;
    }

    public Notifier notifier() {
        return notifier;
    }

    public Announcer announcer() {
        return announcer;
    }

    public EngineMetrics metrics() {
        return metrics;
    }

    public Maintainer maintainer() {
        return maintainer;
    }

    public WorkerRuntime runtime() {
        return runtime;
    }

    /** How long without a heartbeat before a worker counts as dead: three missed heartbeats. */
    public Duration workerDeadAfter() {
        return config.workerHeartbeat().multipliedBy(3).plusSeconds(1);
    }
}
