package dev.sluice.engine.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.engine.EngineConfig;
import dev.sluice.engine.EngineMetrics;
import dev.sluice.engine.JobContext.StopReason;
import dev.sluice.engine.JobTypes;
import dev.sluice.engine.QueueConfig;
import dev.sluice.engine.QueueGate;
import dev.sluice.engine.notify.Announcer;
import dev.sluice.engine.notify.Notifier;
import dev.sluice.engine.store.JobStore;
import dev.sluice.engine.store.WorkerStore;
import dev.sluice.lifecycle.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The worker side of one process: its pools (one per queue), the lease keeper, the completer and the
 * registry entry, wired to the notifier (wake-ups, cancels). Stop order matters and is the reverse of
 * {@link #services()}: pools drain first while leases are still renewed and outcomes still written.
 */
public final class WorkerRuntime {
    private final RunningJobs running = new RunningJobs();
    private final Completer completer;
    private final LeaseKeeper leases;
    private final WorkerRegistry registry;
    private final Map<String, WorkerPool> pools = new LinkedHashMap<>();

    public WorkerRuntime(JobStore store, WorkerStore workers, JobTypes types, EngineConfig config, EngineMetrics metrics,
            Notifier notifier, String role, String version, Supplier<JsonNode> info, Map<String, QueueGate> gates) {
        this(store, store, workers, types, config, metrics, notifier, null, role, version, info, gates);
    }

    /**
     * @param store the engine's own statements: claims, outcomes, renewals, releases
     * @param handlerStore what handlers write through their context (events, progress)
     * @param announcer tells this runtime directly when this process enqueued jobs; may be null
     */
    public WorkerRuntime(JobStore store, JobStore handlerStore, WorkerStore workers, JobTypes types, EngineConfig config,
            EngineMetrics metrics, Notifier notifier, Announcer announcer, String role, String version,
            Supplier<JsonNode> info, Map<String, QueueGate> gates) {
        this.completer = new Completer(store, config.workerId());
        this.leases = new LeaseKeeper(store, running, config.workerId(), config.lease());
        WorkerPool.Parts parts = new WorkerPool.Parts(store, handlerStore, types, running, completer, leases, metrics,
                config.workerId(), config.lease(), config.pollInterval(), config.claimBatch(), config.shutdownGrace());
        List<String> queueNames = new ArrayList<>();
        for (QueueConfig queue : config.queues()) {
            pools.put(queue.name(), new WorkerPool(queue, parts, gates.getOrDefault(queue.name(), QueueGate.OPEN)));
            queueNames.add(queue.name());
        }
        this.registry = new WorkerRegistry(workers, config.workerId(), role, queueNames, version,
                config.workerHeartbeat(), info);
        notifier.subscribe(Notifier.JOBS_AVAILABLE, this::wake);
        if (announcer != null) {
            announcer.onJobsAvailable(this::wake); // enqueued by this very process: no need to wait for the NOTIFY
        }
        notifier.subscribe(Notifier.CANCEL, id -> {
            try {
                RunningJob job = running.get(Long.parseLong(id));
                if (job != null) {
                    job.stop(StopReason.CANCELLED);
                }
            } catch (NumberFormatException ignored) {
                // not ours to interpret
            }
        });
        notifier.onReconnect(() -> pools.values().forEach(WorkerPool::wake));
    }

    private void wake(String queue) {
        WorkerPool pool = pools.get(queue);
        if (pool != null) {
            pool.wake();
        }
    }

    /** In start order. */
    public List<Service> services() {
        List<Service> services = new ArrayList<>();
        services.add(completer);
        services.add(leases);
        services.add(registry);
        services.addAll(pools.values());
        return services;
    }

    public WorkerRegistry registry() {
        return registry;
    }

    /** How many jobs this process is running now. */
    public int running() {
        return running.size();
    }

    /** Renews every lease now (tests; the keeper does it every lease/3 on its own). */
    public void renewLeases() {
        leases.runOnce();
    }
}
