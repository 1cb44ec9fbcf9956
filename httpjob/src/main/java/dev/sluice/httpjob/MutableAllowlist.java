package dev.sluice.httpjob;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An allowlist changed at run time (admins adding and removing entries). Every change swaps one
 * immutable snapshot for another, so readers never lock and never see half a change. It holds entries
 * in memory only: whoever persists them (a database table) calls {@link #replaceAll} on start and
 * {@link #add}/{@link #remove} as admins act, or reloads with {@link #replaceAll} when told another
 * process changed them.
 */
public final class MutableAllowlist implements HttpAllowlist {
    private final AtomicReference<List<AllowEntry>> entries = new AtomicReference<>(List.of());

    public MutableAllowlist() {}

    public MutableAllowlist(Collection<AllowEntry> initial) {
        replaceAll(initial);
    }

    @Override
    public List<AllowEntry> entries() {
        return entries.get();
    }

    /** Adds an entry; false when it was already there. */
    public boolean add(AllowEntry entry) {
        if (entry == null) {
            throw new IllegalArgumentException("allowlist entry is required");
        }
        List<AllowEntry> before = entries.getAndUpdate(current -> {
            if (current.contains(entry)) {
                return current;
            }
            List<AllowEntry> next = new ArrayList<>(current);
            next.add(entry);
            return List.copyOf(next);
        });
        return !before.contains(entry);
    }

    /** Removes an entry; false when it was not there. */
    public boolean remove(AllowEntry entry) {
        List<AllowEntry> before = entries.getAndUpdate(current -> current.stream().filter(e -> !e.equals(entry)).toList());
        return before.contains(entry);
    }

    /** Replaces every entry at once (duplicates dropped, order kept). */
    public void replaceAll(Collection<AllowEntry> next) {
        if (next == null || next.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("allowlist entries are required (no nulls)");
        }
        entries.set(List.copyOf(new LinkedHashSet<>(next)));
    }

    @Override
    public String toString() {
        return entries.get().toString();
    }
}
