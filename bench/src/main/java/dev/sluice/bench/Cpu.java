package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by this JVM and by the PostgreSQL server (the postmaster and every child:
 * backends, WAL writer, checkpointer…), from /proc. Differences of two readings give the CPU one
 * measurement cost, which is far less sensitive to other load on a shared machine than wall time.
 * Backends that exit take their CPU time with them, so read before closing pools.
 */
public record Cpu(long jvmNanos, long postgresNanos) {
    /** Linux reports times in clock ticks; 100 per second on every common configuration. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    public static Cpu now(long postmasterPid) {
        return new Cpu(ticks(ProcessHandle.current().pid()) * NANOS_PER_TICK, postgres(postmasterPid) * NANOS_PER_TICK);
    }

    public Cpu since(Cpu earlier) {
        return new Cpu(jvmNanos - earlier.jvmNanos, postgresNanos - earlier.postgresNanos);
    }

    private static long postgres(long postmaster) {
        // the postmaster's own time, plus what its exited children (backends, autovacuum workers) used
        String[] pm = fields(Path.of("/proc", Long.toString(postmaster), "stat"));
        long total = pm == null ? 0 : Long.parseLong(pm[11]) + Long.parseLong(pm[12]) + Long.parseLong(pm[13])
                + Long.parseLong(pm[14]);
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : procs) {
                String[] f = fields(p.resolve("stat"));
                if (f != null && Long.parseLong(f[1]) == postmaster) {
                    total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        } catch (IOException e) {
            return total;
        }
        return total;
    }

    private static long ticks(long pid) {
        String[] f = fields(Path.of("/proc", Long.toString(pid), "stat"));
        return f == null ? 0 : Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The fields after the command name (which may contain spaces): [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime. */
    private static String[] fields(Path stat) {
        try {
            String s = Files.readString(stat);
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
