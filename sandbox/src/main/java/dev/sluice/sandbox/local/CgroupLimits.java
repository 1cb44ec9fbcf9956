package dev.sluice.sandbox.local;

import dev.sluice.sandbox.Limits;

/** Turning {@link Limits} into the values cgroup files take. */
final class CgroupLimits {
    /** The CFS period both layouts use: 100 ms. */
    static final long CPU_PERIOD_MICROS = 100_000;

    private CgroupLimits() {
    }

    /** The CPU quota per period for {@code cpus} cores, at least 1 ms. */
    static long cpuQuotaMicros(double cpus) {
        return Math.max(1000, Math.round(cpus * CPU_PERIOD_MICROS));
    }

    /** cgroup v2 cpu.max: "quota period". */
    static String cpuMax(double cpus) {
        return cpuQuotaMicros(cpus) + " " + CPU_PERIOD_MICROS;
    }
}
