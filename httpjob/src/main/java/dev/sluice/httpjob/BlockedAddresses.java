package dev.sluice.httpjob;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The addresses an {@code http} job may not reach unless an allowlist entry names them explicitly:
 * everything that is not the public internet. IPv6 forms that carry an IPv4 address (IPv4-mapped,
 * NAT64, 6to4) are judged by the address they carry.
 */
public final class BlockedAddresses {
    private record Range(byte[] prefix, int bits, String reason) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }

    private static final List<Range> IPV4 = List.of(
            v4("0.0.0.0", 8, "unspecified (0.0.0.0/8)"),
            v4("10.0.0.0", 8, "private (RFC 1918, 10.0.0.0/8)"),
            v4("100.64.0.0", 10, "carrier-grade NAT (100.64.0.0/10)"),
            v4("127.0.0.0", 8, "loopback (127.0.0.0/8)"),
            v4("169.254.0.0", 16, "link-local (169.254.0.0/16, where cloud metadata services live)"),
            v4("172.16.0.0", 12, "private (RFC 1918, 172.16.0.0/12)"),
            v4("192.0.0.0", 24, "IETF protocol assignments (192.0.0.0/24)"),
            v4("192.168.0.0", 16, "private (RFC 1918, 192.168.0.0/16)"),
            v4("198.18.0.0", 15, "benchmarking (198.18.0.0/15)"),
            v4("224.0.0.0", 4, "multicast (224.0.0.0/4)"),
            v4("240.0.0.0", 4, "reserved or broadcast (240.0.0.0/4)"));

    private static final List<Range> IPV6 = List.of(
            v6("::", 128, "unspecified (::)"),
            v6("::1", 128, "loopback (::1)"),
            v6("::", 96, "IPv4-compatible (::/96, deprecated)"),
            v6("64:ff9b:1::", 48, "local-use NAT64 (64:ff9b:1::/48)"),
            v6("100::", 64, "discard-only (100::/64)"),
            v6("2001::", 32, "Teredo tunnel (2001::/32)"),
            v6("fc00::", 7, "unique local (fc00::/7)"),
            v6("fe80::", 10, "link-local (fe80::/10)"),
            v6("fec0::", 10, "site-local (fec0::/10, deprecated)"),
            v6("ff00::", 8, "multicast (ff00::/8)"));

    private static final Range MAPPED = v6("::ffff:0:0", 96, "IPv4-mapped");
    private static final Range NAT64 = v6("64:ff9b::", 96, "NAT64");
    private static final Range SIX_TO_FOUR = v6("2002::", 16, "6to4");

    private BlockedAddresses() {}

    /** Why {@code address} is not on the public internet, or empty when it is. */
    public static Optional<String> reason(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return match(IPV4, bytes);
        }
        if (MAPPED.contains(bytes)) {
            return embedded(MAPPED, Arrays.copyOfRange(bytes, 12, 16));
        }
        if (NAT64.contains(bytes)) {
            return embedded(NAT64, Arrays.copyOfRange(bytes, 12, 16));
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return embedded(SIX_TO_FOUR, Arrays.copyOfRange(bytes, 2, 6));
        }
        return match(IPV6, bytes);
    }

    public static boolean isBlocked(InetAddress address) {
        return reason(address).isPresent();
    }

    private static Optional<String> embedded(Range carrier, byte[] ipv4) {
        return match(IPV4, ipv4).map(inner -> carrier.reason() + " " + inner);
    }

    private static Optional<String> match(List<Range> ranges, byte[] bytes) {
        return ranges.stream().filter(r -> r.contains(bytes)).map(Range::reason).findFirst();
    }

    private static Range v4(String address, int bits, String reason) {
        return new Range(IpLiterals.ipv4(address).getAddress(), bits, reason);
    }

    private static Range v6(String address, int bits, String reason) {
        byte[] bytes = IpLiterals.ipv6(address).getAddress();
        if (bytes.length == 4) { // the JDK turns ::ffff:a.b.c.d into IPv4; build the mapped prefix by hand
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        return new Range(bytes, bits, reason);
    }
}
