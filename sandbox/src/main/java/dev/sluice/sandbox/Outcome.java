package dev.sluice.sandbox;

/** How a run ended. Only {@link #ERROR} is about the runner rather than the code. */
public enum Outcome {
    /** Exit code 0. */
    SUCCEEDED,
    /** A non-zero exit code, or killed by a signal it brought on itself: a result, not a failure of Sluice. */
    FAILED,
    /** Wall-clock or CPU time limit reached. */
    TIMED_OUT,
    /** Killed for using more memory than its limit. */
    OUT_OF_MEMORY,
    /** Stopped for writing more than its output limit. */
    OUTPUT_LIMITED,
    /** Stopped because someone cancelled it. */
    CANCELLED,
    /** The runner failed around the code (reported with a detail); the code's own result is unknown. */
    ERROR
}
