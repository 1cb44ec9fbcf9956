package dev.sluice.sandbox.local;

/**
 * What a run's cgroup counted.
 *
 * @param cpuNanos CPU time of every process of the run together, or -1 when the host does not count it
 * @param peakMemoryBytes the highest memory use, or -1 when unknown
 * @param oomKills how many processes the kernel killed for the memory limit
 */
record CgroupUsage(long cpuNanos, long peakMemoryBytes, long oomKills) {
    static final CgroupUsage UNKNOWN = new CgroupUsage(-1, -1, 0);
}
