package dev.sluice.kubernetes;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A job store for tests: the live runs are what the test says; vanished-pod reports are recorded. */
final class FakeLedger implements RunLedger {
    final List<LiveRun> live = new CopyOnWriteArrayList<>();
    final List<LiveRun> vanished = new CopyOnWriteArrayList<>();
    final List<String> details = new CopyOnWriteArrayList<>();
    /** How often the reconciler asked; a pass is over once this grew (it asks after listing). */
    final AtomicInteger asked = new AtomicInteger();

    FakeLedger running(String runId, Instant since) {
        live.add(new LiveRun(RunRef.of(runId), since));
        return this;
    }

    @Override
    public Collection<LiveRun> liveRuns() {
        asked.incrementAndGet();
        return List.copyOf(live);
    }

    @Override
    public void podVanished(LiveRun run, String detail) {
        vanished.add(run);
        details.add(detail);
    }
}
