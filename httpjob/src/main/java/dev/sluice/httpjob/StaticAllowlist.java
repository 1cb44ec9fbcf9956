package dev.sluice.httpjob;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/** A fixed allowlist, in the order given, without duplicates. */
record StaticAllowlist(List<AllowEntry> entries) implements HttpAllowlist {
    StaticAllowlist {
        if (entries == null || entries.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("allowlist entries are required (no nulls)");
        }
        entries = List.copyOf(new LinkedHashSet<>(entries));
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
