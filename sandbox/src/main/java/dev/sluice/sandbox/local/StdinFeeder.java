package dev.sluice.sandbox.local;

import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the run's input to its stdin pipe, then closes it, on its own thread: a program that never
 * reads its input blocks this thread (until the run ends and the pipe breaks), never the caller.
 */
final class StdinFeeder implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(StdinFeeder.class);

    private final OutputStream out;
    private final byte[] input;

    StdinFeeder(OutputStream out, byte[] input) {
        this.out = out;
        this.input = input;
    }

    @Override
    public void run() {
        try (out) {
            out.write(input);
        } catch (IOException e) {
            log.debug("stdin not fully written ({} bytes offered): {}", input.length, e.toString());
        }
    }
}
