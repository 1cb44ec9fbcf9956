package dev.sluice.sandbox.local;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emptying and removing cgroups. Killing is a loop: SIGKILL every pid the group lists until it lists
 * none, so a process forked between reading the list and the kill is caught on the next pass (the
 * pids limit bounds how many there can be). {@link ProcessHandle} checks each pid's start time before
 * signalling, so a pid reused meanwhile by another process is not hit. Removal is retried because a
 * group stays busy for a moment after its last process died.
 */
final class CgroupKill {
    private static final Logger log = LoggerFactory.getLogger(CgroupKill.class);
    static final Duration KILL_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REMOVE_TIMEOUT = Duration.ofSeconds(2);

    private CgroupKill() {
    }

    /** SIGKILLs everything in {@code procs} until it is empty; true when it emptied in time. */
    static boolean killAll(Path procs) throws IOException {
        long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
        long pause = TimeUnit.MICROSECONDS.toNanos(200);
        while (true) {
            List<Long> pids = CgroupFiles.pids(procs);
            if (pids.isEmpty()) {
                return true;
            }
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            if (System.nanoTime() > deadline) {
                log.warn("{} still lists {} processes after {} of killing", procs, pids.size(), KILL_TIMEOUT);
                return false;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Waits until {@code procs} lists no process; true when it emptied in time. */
    static boolean awaitEmpty(Path procs) throws IOException {
        long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
        while (!CgroupFiles.pids(procs).isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    /** Removes each directory (rmdir), retrying while busy; true when all are gone. */
    static boolean remove(List<Path> dirs) {
        long deadline = System.nanoTime() + REMOVE_TIMEOUT.toNanos();
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        while (true) {
            FileSystemException busy = null;
            for (Path dir : dirs) {
                try {
                    Files.deleteIfExists(dir);
                } catch (FileSystemException e) {
                    busy = e;
                } catch (IOException e) {
                    log.warn("cannot remove cgroup {}: {}", dir, e.toString());
                    return false;
                }
            }
            if (busy == null) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                log.warn("cgroup still busy after {}; left for the next start to remove: {}", REMOVE_TIMEOUT, busy.getMessage());
                return false;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
