package dev.sluice.bench.queue;

import dev.sluice.bench.BenchPostgres;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every system's settings, as each reports them, for the report. */
public final class Describe {
    private Describe() {}

    public static Map<String, List<String>> settings(BenchPostgres pg, List<String> systems, QueueSettings settings)
            throws Exception {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (String system : systems) {
            String database = "describe_" + system;
            try (QueueSystem q = Systems.create(system, pg, database, settings, "bench-describe")) {
                all.put(system, q.settings());
            } finally {
                pg.dropDatabase(database);
            }
        }
        return all;
    }
}
