package dev.sluice.sandbox;

/**
 * Receives a run's output while it runs. Called from the runner's reader threads, in order within
 * each stream; each chunk is at most 64 KiB; in total never more than the output limit per stream.
 * Must not block for long: a slow sink slows the reading, never the service.
 */
@FunctionalInterface
public interface OutputSink {

    enum Stream { STDOUT, STDERR }

    void write(Stream stream, byte[] chunk);

    OutputSink DISCARD = (stream, chunk) -> { };
}
