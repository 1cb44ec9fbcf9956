package dev.sluice.bench;

import dev.sluice.bench.queue.Crash;
import dev.sluice.bench.queue.Drain;
import dev.sluice.bench.queue.Steady;
import dev.sluice.bench.sandbox.ApiLatency;
import dev.sluice.bench.sandbox.SandboxOverhead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one {@code ./sluice bench} run measured, and what it ran on. */
public final class Results {
    final Options options;
    final Machine machine;
    final Instant started = Instant.now();
    Instant finished;
    final double loadAtStart = Load.now();
    Map<String, String> postgres = Map.of();
    Map<String, List<String>> settings = new LinkedHashMap<>();
    Map<String, List<String>> crashSettings = new LinkedHashMap<>();
    final List<Drain.Run> drain = new ArrayList<>();
    final List<Steady.Run> steady = new ArrayList<>();
    final List<Crash.Run> crash = new ArrayList<>();
    SandboxOverhead.Result sandbox;
    List<ApiLatency.Result> api = List.of();
    final List<String> problems = new ArrayList<>();

    Results(Options options, Machine machine) {
        this.options = options;
        this.machine = machine;
    }
}
