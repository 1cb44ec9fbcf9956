package dev.sluice.sandbox.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waiting for a run's pid namespace to be gone. A killed process leaves cgroup.procs as soon as it
 * starts exiting, before it has finished, so an empty cgroup does not yet mean nothing runs. bwrap's
 * init (pid 1 of the run's namespace, reported as "child-pid") does not finish exiting until the kernel
 * has killed and reaped every other process of the namespace, so once it is a zombie or gone, the whole
 * run is.
 */
final class NamespaceInit {
    private NamespaceInit() {
    }

    /**
     * Waits until {@code pid} is gone or a zombie, or is no longer a process of {@code uid} (its pid was
     * reused); true when that happened within {@code timeout}.
     */
    static boolean awaitGone(long pid, int uid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path status = Path.of("/proc", String.valueOf(pid), "status");
        while (true) {
            List<String> lines;
            try {
                lines = Files.readAllLines(status);
            } catch (NoSuchFileException gone) {
                return true;
            } catch (IOException e) {
                return true; // exited while being read
            }
            if (isZombieOrOther(lines, uid)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500));
        }
    }

    private static boolean isZombieOrOther(List<String> status, int uid) {
        String state = "";
        String realUid = "";
        for (String line : status) {
            if (line.startsWith("State:")) {
                state = line.substring(6).strip();
            } else if (line.startsWith("Uid:")) {
                realUid = line.substring(4).strip().split("\\s+")[0];
            }
        }
        return state.startsWith("Z") || state.startsWith("X") || !realUid.equals(String.valueOf(uid));
    }
}
