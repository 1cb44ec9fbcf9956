package dev.sluice.httpjob;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The hosts {@code http} jobs may be delivered to. It is read on every enqueue (to reject a URL before
 * anything is stored) and again on every delivery (so a removed entry stops deliveries that are
 * already queued), from many threads at once; an implementation returns a consistent snapshot, fast.
 *
 * <p>Implementations: {@link #of} (fixed, e.g. from {@code --http-allow}), {@link MutableAllowlist}
 * (changed at run time by admins), {@link #union} (both together). A database-backed list implements
 * this interface, or keeps a {@link MutableAllowlist} up to date with {@link MutableAllowlist#replaceAll}.
 */
@FunctionalInterface
public interface HttpAllowlist {

    /** The entries now: an immutable snapshot without duplicates. */
    List<AllowEntry> entries();

    /** The entries that allow a request to {@code destination}; empty when it is not allowed. */
    default List<AllowEntry> matching(Destination destination) {
        return entries().stream().filter(e -> e.matches(destination)).toList();
    }

    /** True when some entry allows a request to {@code destination}. */
    default boolean allows(Destination destination) {
        return entries().stream().anyMatch(e -> e.matches(destination));
    }

    /** A fixed list. */
    static HttpAllowlist of(Collection<AllowEntry> entries) {
        return new StaticAllowlist(entries == null ? null : new ArrayList<>(entries));
    }

    /** A fixed list from the {@code --http-allow} / {@code SLUICE_HTTP_ALLOW} text, see {@link AllowEntry#parseList}. */
    static HttpAllowlist parse(String commaSeparated) {
        return of(AllowEntry.parseList(commaSeparated));
    }

    /** Every entry of every part, read live from each part on every call. */
    static HttpAllowlist union(HttpAllowlist... parts) {
        return new UnionAllowlist(List.of(parts));
    }
}
