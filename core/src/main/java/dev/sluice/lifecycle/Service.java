package dev.sluice.lifecycle;

/**
 * Anything that owns a thread, a socket, a process or a pool.
 *
 * <p>{@link #start()} returns once the work has been started in the background (or throws, having
 * released whatever it took). {@link #stop()} blocks until the work is done and everything is
 * released; it is harmless when called twice or before {@code start()}.
 */
public interface Service {

    /** A short name for logs: "http", "postgres", "worker[executions]". */
    String name();

    void start();

    void stop();
}
