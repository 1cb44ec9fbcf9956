package dev.sluice.httpjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses count as not on the public internet, and why. */
class BlockedAddressesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.1              | private (RFC 1918, 10.0.0.0/8)
            10.255.255.255        | private (RFC 1918, 10.0.0.0/8)
            172.16.0.1            | private (RFC 1918, 172.16.0.0/12)
            172.31.255.255        | private (RFC 1918, 172.16.0.0/12)
            192.168.1.1           | private (RFC 1918, 192.168.0.0/16)
            169.254.169.254       | link-local
            169.254.0.1           | link-local
            127.0.0.1             | loopback
            127.8.9.10            | loopback
            0.0.0.0               | unspecified
            0.1.2.3               | unspecified
            100.64.0.1            | carrier-grade NAT
            100.127.255.255       | carrier-grade NAT
            192.0.0.8             | IETF protocol assignments
            198.18.0.1            | benchmarking
            224.0.0.1             | multicast
            239.255.255.250       | multicast
            255.255.255.255       | reserved or broadcast
            ::1                   | loopback (::1)
            ::                    | unspecified (::)
            fc00::1               | unique local
            fd12:3456:789a::1     | unique local
            fe80::1               | link-local (fe80::/10)
            febf::1               | link-local (fe80::/10)
            fec0::1               | site-local
            ff02::1               | multicast (ff00::/8)
            ::ffff:127.0.0.1      | loopback (127.0.0.0/8)
            ::ffff:10.0.0.1       | private (RFC 1918, 10.0.0.0/8)
            ::ffff:169.254.169.254| link-local
            ::ffff:100.64.1.1     | carrier-grade NAT
            ::127.0.0.1           | IPv4-compatible
            64:ff9b::a9fe:a9fe    | NAT64 link-local
            64:ff9b::7f00:1       | NAT64 loopback
            2002:7f00:1::         | 6to4 loopback
            2002:a00:1::1         | 6to4 private
            64:ff9b:1::1          | local-use NAT64
            2001::1               | Teredo
            100::1                | discard-only
            """)
    void nonPublicAddressesAreBlockedWithAReason(String text, String reason) throws Exception {
        assertThat(BlockedAddresses.reason(InetAddress.getByName(text))).hasValueSatisfying(r -> assertThat(r).contains(reason));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.215.14", "172.15.255.255", "172.32.0.0", "100.63.255.255",
            "100.128.0.0", "192.169.0.1", "169.253.255.255", "11.0.0.1", "223.255.255.255", "2606:4700:4700::1111",
            "2a00:1450:4001::200e", "2002:808:808::1", "64:ff9b::808:808", "fe00::1"})
    void publicAddressesAreNot(String text) throws Exception {
        assertThat(BlockedAddresses.reason(InetAddress.getByName(text))).isEmpty();
        assertThat(BlockedAddresses.isBlocked(InetAddress.getByName(text))).isFalse();
    }

    @Test
    void anIpv4MappedAddressHeldAsIpv6IsJudgedByItsIpv4() throws Exception {
        // the JDK parses ::ffff:a.b.c.d to IPv4; an Inet6Address can still carry one
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        InetAddress six = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(six).isInstanceOf(Inet6Address.class);
        assertThat(BlockedAddresses.reason(six)).hasValueSatisfying(r -> assertThat(r).contains("IPv4-mapped loopback"));
        byte[] publicMapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 8, 8, 8, 8};
        assertThat(BlockedAddresses.reason(Inet6Address.getByAddress(null, publicMapped, -1))).isEmpty();
    }
}
