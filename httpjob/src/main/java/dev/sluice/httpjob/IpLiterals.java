package dev.sluice.httpjob;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * IP address literals, parsed without ever touching DNS: IPv4 only in strict dotted-decimal form
 * (no leading zeros, so {@code 010.0.0.1} cannot mean octal to one reader and decimal to another),
 * IPv6 without zone ids. Canonical text is dotted-decimal or RFC 5952 (lower case, longest zero run
 * compressed).
 */
final class IpLiterals {
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    private IpLiterals() {}

    static boolean looksLikeIpv4(String text) {
        return IPV4.matcher(text).matches();
    }

    /** Parses an IPv4 literal; throws IllegalArgumentException when it is not one. */
    static InetAddress ipv4(String text) {
        if (!looksLikeIpv4(text)) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address in dotted-decimal form");
        }
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value = Integer.parseInt(parts[i]);
            if (value > 255) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address: " + value + " is above 255");
            }
            bytes[i] = (byte) value;
        }
        return byAddress(bytes);
    }

    /**
     * Parses an IPv6 literal given without brackets. The character check comes first so that the JDK
     * parses it as a literal and never resolves it as a name. An IPv4-mapped literal comes back as the
     * IPv4 address it maps (the JDK connects to that address).
     */
    static InetAddress ipv6(String text) {
        if (!IPV6_CHARS.matcher(text).matches() || text.indexOf(':') < 0) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address (zone ids are not allowed)");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address", e);
        }
    }

    static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length, e);
        }
    }

    /** Dotted-decimal for IPv4; RFC 5952 text (without brackets) for IPv6. */
    static String canonical(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is never compressed
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
