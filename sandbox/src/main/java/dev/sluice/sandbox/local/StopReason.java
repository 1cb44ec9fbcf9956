package dev.sluice.sandbox.local;

/** Why a run stopped: it ended by itself, or the sandbox stopped it. The first reason wins. */
enum StopReason {
    EXITED,
    WALL_LIMIT,
    CANCELLED,
    OUTPUT_LIMIT,
    SINK_FAILED,
    INTERRUPTED,
    SERVICE_STOPPED
}
