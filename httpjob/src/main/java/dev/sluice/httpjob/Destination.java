package dev.sluice.httpjob;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a URL points: its scheme, its host (lower case; IPv6 without brackets), the address when the
 * host is an IP literal, and the effective port (80 or 443 when the URL names none).
 *
 * @param address the IP literal of the URL, or null when the host is a name
 */
public record Destination(URI uri, String scheme, String host, InetAddress address, int port) {
    /** The longest URL accepted. */
    public static final int MAX_URL_LENGTH = 2048;

    public Destination {
        if (uri == null || scheme == null || host == null) {
            throw new IllegalArgumentException("destination uri, scheme and host are required");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("destination port must be 1-65535, got " + port);
        }
    }

    /**
     * Parses an absolute http or https URL without user info or fragment, whose host is a DNS name or
     * an IP literal. Throws IllegalArgumentException whose message completes "the URL …".
     */
    public static Destination parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException("is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("must start with http:// or https://");
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("has no host (expected " + scheme + "://host/…)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not contain user info (user:password@); send credentials in a header");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not contain a fragment (#…): it is never sent");
        }
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("has no valid host in '" + uri.getRawAuthority()
                    + "' (use a DNS name in ASCII/punycode or an IP address)");
        }
        host = host.toLowerCase(Locale.ROOT);
        InetAddress address = null;
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
            address = IpLiterals.ipv6(host);
            host = IpLiterals.canonical(address);
        } else if (host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            address = IpLiterals.ipv4(host);
        } else {
            String problem = HostNames.problem(host);
            if (problem != null) {
                throw new IllegalArgumentException("host '" + host + "' " + problem);
            }
        }
        int port = uri.getPort();
        if (port == -1) {
            port = "https".equals(scheme) ? 443 : 80;
        } else if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
        return new Destination(uri, scheme, host, address, port);
    }

    /** True when the URL names an IP address rather than a host name. */
    public boolean isAddress() {
        return address != null;
    }

    /** host:port as a person reads it, IPv6 in brackets. */
    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
