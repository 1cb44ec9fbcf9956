package dev.sluice.sandbox.local;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Starts every sandbox process from one long-lived thread. bwrap's --die-with-parent is a parent-death
 * signal, which Linux ties to the parent <em>thread</em>: a process started from a short-lived thread
 * (a pooled or virtual thread's carrier that retires) would be killed when that thread ends. This
 * thread lives from the sandbox's start to its stop, after every run is gone.
 */
final class Launcher implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("sandbox-launcher").daemon(true).unstarted(r));

    Process start(ProcessBuilder builder) throws IOException, InterruptedException {
        Future<Process> started = thread.submit(builder::start);
        try {
            return started.get();
        } catch (InterruptedException e) {
            // the launch may still happen; make sure it does not outlive us, then report the interrupt
            destroyWhenStarted(started);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("starting the sandbox failed", e.getCause());
        }
    }

    private static void destroyWhenStarted(Future<Process> started) {
        boolean interrupted = false;
        while (true) {
            try {
                started.get().destroyForcibly();
                break;
            } catch (InterruptedException again) {
                interrupted = true;
            } catch (ExecutionException failed) {
                break; // nothing was started
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
