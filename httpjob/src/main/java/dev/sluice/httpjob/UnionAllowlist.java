package dev.sluice.httpjob;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The entries of several allowlists together, read from each on every call. */
record UnionAllowlist(List<HttpAllowlist> parts) implements HttpAllowlist {
    UnionAllowlist {
        parts = List.copyOf(parts);
    }

    @Override
    public List<AllowEntry> entries() {
        Set<AllowEntry> all = new LinkedHashSet<>();
        for (HttpAllowlist part : parts) {
            all.addAll(part.entries());
        }
        return List.copyOf(all);
    }
}
