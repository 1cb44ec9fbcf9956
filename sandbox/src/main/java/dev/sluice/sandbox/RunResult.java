package dev.sluice.sandbox;

import java.time.Duration;

/**
 * What happened to a run.
 *
 * @param exitCode the exit code when the program exited by itself, else null
 * @param detail a human explanation for anything but a plain exit, e.g. "killed after the 10 s wall limit"
 * @param peakMemoryBytes the highest memory use seen, or -1 when unknown
 */
public record RunResult(Outcome outcome, Integer exitCode, String detail, Duration wallTime, Duration cpuTime,
        long peakMemoryBytes, boolean stdoutTruncated, boolean stderrTruncated) {}
