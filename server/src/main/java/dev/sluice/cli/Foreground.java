package dev.sluice.cli;

import dev.sluice.lifecycle.Service;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the application in the foreground until SIGTERM or Ctrl-C. The shutdown hook registered here
 * is the only one in Sluice: it stops the application in order (stop accepting, drain, close pools,
 * stop the database), and a watchdog halts the JVM if that takes far longer than the grace.
 */
final class Foreground {
    private static final Logger log = LoggerFactory.getLogger(Foreground.class);
    private static final Duration WATCHDOG_MARGIN = Duration.ofSeconds(30);

    private Foreground() {}

    static void run(Service app, Duration grace) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            log.info("shutting down (grace {} s)", grace.toSeconds());
            long begin = System.nanoTime();
            Thread.ofPlatform().daemon().name("shutdown-watchdog").start(() -> watchdog(grace.plus(WATCHDOG_MARGIN)));
            try {
                app.stop();
                log.info("stopped in {} ms", (System.nanoTime() - begin) / 1_000_000);
            } finally {
                stopped.countDown();
            }
        }, "sluice-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            app.start();
        } catch (RuntimeException e) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down; the hook will find nothing running
            }
            throw e;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void watchdog(Duration limit) {
        try {
            Thread.sleep(limit.toMillis());
        } catch (InterruptedException e) {
            return;
        }
        log.error("shutdown did not finish within {} s; halting", limit.toSeconds());
        Runtime.getRuntime().halt(3);
    }
}
