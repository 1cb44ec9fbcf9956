package dev.sluice.sandbox;

import java.time.Duration;

/**
 * The resources one run may use.
 *
 * @param wall wall-clock time from start to kill
 * @param memoryBytes memory including swap, for every process of the run together
 * @param processes processes and threads, together
 * @param cpus CPU quota in cores (1.0 = one core)
 * @param outputBytes per stream (stdout, stderr); beyond it the run is stopped as output-limited
 * @param fileSizeBytes the largest file the run may write
 * @param tmpBytes the size of the run's private /tmp
 */
public record Limits(Duration wall, long memoryBytes, int processes, double cpus, long outputBytes, long fileSizeBytes,
        long tmpBytes) {

    public static final long KIB = 1024;
    public static final long MIB = 1024 * KIB;

    /** The defaults: 10 s, 256 MiB, 64 processes, 1 CPU, 64 KiB per stream, 10 MiB files, 16 MiB /tmp. */
    public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(10), 256 * MIB, 64, 1.0, 64 * KIB, 10 * MIB, 16 * MIB);

    public Limits {
        if (wall == null || wall.isNegative() || wall.isZero()) {
            throw new IllegalArgumentException("wall must be positive");
        }
        if (memoryBytes < 16 * MIB) {
            throw new IllegalArgumentException("memoryBytes must be at least 16 MiB");
        }
        if (processes < 1) {
            throw new IllegalArgumentException("processes must be at least 1");
        }
        if (!(cpus > 0)) {
            throw new IllegalArgumentException("cpus must be positive");
        }
        if (outputBytes < 1 || fileSizeBytes < 0 || tmpBytes < MIB) {
            throw new IllegalArgumentException("outputBytes, fileSizeBytes and tmpBytes must be positive (tmp at least 1 MiB)");
        }
    }

    /** True when every limit of this is within {@code max}. */
    public boolean within(Limits max) {
        return wall.compareTo(max.wall) <= 0 && memoryBytes <= max.memoryBytes && processes <= max.processes
                && cpus <= max.cpus && outputBytes <= max.outputBytes && fileSizeBytes <= max.fileSizeBytes
                && tmpBytes <= max.tmpBytes;
    }
}
