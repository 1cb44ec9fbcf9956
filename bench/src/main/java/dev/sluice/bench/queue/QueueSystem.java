package dev.sluice.bench.queue;

import java.util.List;

/**
 * One job system under test, on its own fresh database: how to put jobs in, how to run them, and how
 * many have finished. Jobs are identified by a key (unique per run) and carry the moment their
 * enqueue was scheduled, which the {@link Body} receives.
 */
public interface QueueSystem extends AutoCloseable {

    String name();

    /** Every setting this system runs with, one line each, for the report. */
    List<String> settings();

    /** Stores jobs {@code firstKey .. firstKey+count-1} without running them (workers not started). */
    void preInsert(long firstKey, int count) throws Exception;

    /** Starts this process's workers; each job calls {@code body} first thing. */
    void startWorkers(Body body) throws Exception;

    /** Enqueues one job now, in its own transaction, the way an application would. */
    void enqueue(long key, long enqueuedAtNanos) throws Exception;

    /** How many jobs have finished successfully, as the database says. */
    long completed() throws Exception;

    @Override
    void close();
}
