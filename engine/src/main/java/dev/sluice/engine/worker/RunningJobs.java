package dev.sluice.engine.worker;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every job this process is running, across its queues: what the lease keeper renews and cancels reach. */
public final class RunningJobs {
    private final Map<Long, RunningJob> byId = new ConcurrentHashMap<>();

    void add(RunningJob job) {
        byId.put(job.id(), job);
    }

    void remove(RunningJob job) {
        byId.remove(job.id(), job);
    }

    RunningJob get(long id) {
        return byId.get(id);
    }

    Collection<RunningJob> all() {
        return byId.values();
    }

    int count(WorkerPool pool) {
        int n = 0;
        for (RunningJob job : byId.values()) {
            if (job.pool == pool) {
                n++;
            }
        }
        return n;
    }

    public int size() {
        return byId.size();
    }
}
