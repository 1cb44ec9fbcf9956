package dev.sluice.app;

/** What a process runs. One process runs everything by default; api and worker split it across machines. */
public enum Role {
    /** API, workers and maintenance in one process. */
    ALL,
    /** HTTP API and UI only; enqueues work, runs none. */
    API,
    /** Job workers and maintenance; serves only /health and /metrics over HTTP. */
    WORKER;

    public boolean servesApi() {
        return this != WORKER;
    }

    public boolean runsWorkers() {
        return this != API;
    }

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
