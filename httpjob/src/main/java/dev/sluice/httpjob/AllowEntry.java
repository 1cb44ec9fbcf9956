package dev.sluice.httpjob;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One entry of the http allowlist. Text forms (case-insensitive, as given to {@code --http-allow}):
 * <ul>
 *   <li>{@code example.org} — that host name, any port; {@code example.org:8443} — only that port</li>
 *   <li>{@code *.example.org[:port]} — any name below example.org (not example.org itself; list both
 *       for both); the suffix needs at least two labels</li>
 *   <li>{@code 203.0.113.7[:port]} — that IPv4 address, written in a URL as that literal</li>
 *   <li>{@code [2001:db8::7][:port]} — that IPv6 address (brackets required)</li>
 * </ul>
 * Names match URL host names exactly (no DNS at match time); address entries match URLs whose host is
 * that address. {@link #isExplicitFor} says which non-public addresses an entry opens: an address entry
 * its own address, the name {@code localhost} the loopback addresses, any other name none.
 *
 * @param kind what {@code host} is
 * @param host the lower-case name, the suffix after {@code *.}, or the canonical address text
 * @param port the only port allowed, or null for any
 */
public record AllowEntry(Kind kind, String host, Integer port) {

    /** What an entry names. */
    public enum Kind {
        /** One host name. */
        NAME,
        /** Every name below a domain ({@code *.example.org}). */
        SUBDOMAINS,
        /** One IP address. */
        ADDRESS
    }

    public AllowEntry {
        if (kind == null) {
            throw new IllegalArgumentException("allowlist entry kind is required");
        }
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("allowlist entry host is required");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("allowlist entry port must be 1-65535, got " + port);
        }
        host = host.toLowerCase(Locale.ROOT);
        switch (kind) {
            case ADDRESS -> {
                InetAddress address = literal(host);
                if (!isDestination(address)) {
                    throw new IllegalArgumentException("allowlist entry address " + IpLiterals.canonical(address)
                            + " is not a destination (unspecified, multicast or broadcast); list the address to reach");
                }
                host = IpLiterals.canonical(address);
            }
            case NAME, SUBDOMAINS -> {
                if (host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
                    throw new IllegalArgumentException("allowlist entry host '" + host + "' looks like an IP address; "
                            + "use kind ADDRESS");
                }
                String problem = HostNames.problem(host);
                if (problem != null) {
                    throw new IllegalArgumentException("allowlist entry host '" + host + "' " + problem);
                }
                if (kind == Kind.SUBDOMAINS && host.indexOf('.') < 0) {
                    throw new IllegalArgumentException("allowlist entry '*." + host + "' is too broad: "
                            + "the domain after *. needs at least two labels");
                }
            }
        }
    }

    /**
     * Parses one entry; throws IllegalArgumentException with a message that quotes the entry and says
     * what is wrong.
     */
    public static AllowEntry parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("allowlist entry is empty");
        }
        String t = text.strip();
        try {
            return parseStripped(t);
        } catch (IllegalArgumentException e) {
            String why = e.getMessage().startsWith("allowlist entry ")
                    ? e.getMessage().substring("allowlist entry ".length()) : e.getMessage();
            throw new IllegalArgumentException("allowlist entry '" + t + "' is not valid: " + why
                    + " (expected host, host:port, *.domain, IPv4[:port] or [IPv6][:port])", e);
        }
    }

    /**
     * Parses the comma-separated form of {@code --http-allow} and {@code SLUICE_HTTP_ALLOW}, e.g.
     * {@code 127.0.0.1:8181,example.org}. Blank or null text is an empty list; spaces around entries
     * are ignored; an empty item between commas is an error.
     */
    public static List<AllowEntry> parseList(String text) {
        List<AllowEntry> entries = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return entries;
        }
        String[] items = text.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            if (items[i].isBlank()) {
                throw new IllegalArgumentException("allowlist item " + (i + 1) + " of '" + text.strip()
                        + "' is empty (entries are separated by single commas)");
            }
            AllowEntry entry = parse(items[i]);
            if (!entries.contains(entry)) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static AllowEntry parseStripped(String t) {
        String hostPart = t;
        Integer port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'[' without ']'");
            }
            hostPart = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("unexpected '" + rest + "' after ']'");
                }
                port = port(rest.substring(1));
            }
            return new AllowEntry(Kind.ADDRESS, IpLiterals.canonical(IpLiterals.ipv6(hostPart)), port);
        }
        int colon = t.indexOf(':');
        if (colon >= 0) {
            if (t.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("IPv6 addresses go in brackets, e.g. [::1]:8080");
            }
            hostPart = t.substring(0, colon);
            port = port(t.substring(colon + 1));
        }
        if (hostPart.startsWith("*.")) {
            return new AllowEntry(Kind.SUBDOMAINS, hostPart.substring(2), port);
        }
        if (hostPart.contains("*")) {
            throw new IllegalArgumentException("a wildcard is only allowed as a leading '*.'");
        }
        if (hostPart.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return new AllowEntry(Kind.ADDRESS, IpLiterals.canonical(IpLiterals.ipv4(hostPart)), port);
        }
        return new AllowEntry(Kind.NAME, hostPart, port);
    }

    private static Integer port(String text) {
        if (!text.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("port '" + text + "' is not a number 1-65535");
        }
        int value = Integer.parseInt(text);
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException("port " + value + " is not 1-65535");
        }
        return value;
    }

    /** 0.0.0.0/8 and :: mean "this host" (on Linux, loopback) and must never sneak in as an explicit entry. */
    private static boolean isDestination(InetAddress address) {
        byte[] b = address.getAddress();
        boolean thisNetwork = b.length == 4 && b[0] == 0;
        boolean broadcast = b.length == 4 && (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff;
        return !address.isAnyLocalAddress() && !address.isMulticastAddress() && !thisNetwork && !broadcast;
    }

    private static InetAddress literal(String host) {
        return host.indexOf(':') >= 0 ? IpLiterals.ipv6(host) : IpLiterals.ipv4(host);
    }

    /** The address of an ADDRESS entry, or null. */
    public InetAddress address() {
        return kind == Kind.ADDRESS ? literal(host) : null;
    }

    /** True when a request to {@code destination} is allowed by this entry. */
    public boolean matches(Destination destination) {
        if (port != null && port != destination.port()) {
            return false;
        }
        return switch (kind) {
            case NAME -> !destination.isAddress() && destination.host().equals(host);
            case SUBDOMAINS -> !destination.isAddress() && destination.host().endsWith("." + host);
            case ADDRESS -> destination.isAddress() && destination.address().equals(address());
        };
    }

    /**
     * True when this entry opens the non-public {@code resolved} address explicitly: an ADDRESS entry its
     * own address, the name {@code localhost} any loopback address. Nothing else reaches a private,
     * loopback or link-local address, so a public name that starts resolving to one is refused.
     */
    public boolean isExplicitFor(InetAddress resolved) {
        return switch (kind) {
            case ADDRESS -> resolved.equals(address());
            case NAME -> host.equals("localhost") && resolved.isLoopbackAddress();
            case SUBDOMAINS -> false;
        };
    }

    /** The text form, which {@link #parse} reads back into an equal entry (for storing and listing). */
    @Override
    public String toString() {
        String h = switch (kind) {
            case NAME -> host;
            case SUBDOMAINS -> "*." + host;
            case ADDRESS -> host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        };
        return port == null ? h : h + ":" + port;
    }
}
