package dev.sluice.engine;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The job types a process knows, by name. Built once at wiring time, read-only after. */
public final class JobTypes {
    private final Map<String, JobType<?>> byName;

    private JobTypes(Map<String, JobType<?>> byName) {
        this.byName = Map.copyOf(byName);
    }

    public static JobTypes of(JobType<?>... types) {
        Map<String, JobType<?>> map = new LinkedHashMap<>();
        for (JobType<?> type : types) {
            if (map.put(type.name(), type) != null) {
                throw new IllegalArgumentException("job type registered twice: " + type.name());
            }
        }
        return new JobTypes(map);
    }

    public Optional<JobType<?>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The type, or an {@link InvalidJobException} on field {@code type}. */
    public JobType<?> require(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidJobException("type", "required", "type is required");
        }
        JobType<?> type = byName.get(name);
        if (type == null) {
            throw new InvalidJobException("type", "known-type", "unknown job type '" + name + "'; known: "
                    + String.join(", ", byName.keySet()));
        }
        return type;
    }

    public Collection<JobType<?>> all() {
        return byName.values();
    }
}
