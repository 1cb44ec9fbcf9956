package dev.sluice.httpjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The delivery-time SSRF rule: a name may reach only public addresses; a non-public address needs an
 * allowlist entry naming that address, or the name {@code localhost} for loopback.
 */
class AddressGuardTest {
    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void aNameEntryThatResolvesToLoopbackIsRefused() throws Exception {
        Destination d = Destination.parse("http://hooks.example:8080/x");
        List<AllowEntry> matched = HttpAllowlist.parse("hooks.example").matching(d);
        assertThat(AddressGuard.refusal(d, matched, List.of(ip("127.0.0.1"))))
                .hasValueSatisfying(r -> assertThat(r).contains("hooks.example resolves to 127.0.0.1")
                        .contains("loopback").contains("'127.0.0.1:8080'"));
    }

    @Test
    void oneBadAddressAmongPublicOnesRefusesTheDelivery() throws Exception {
        Destination d = Destination.parse("https://hooks.example/");
        List<AllowEntry> matched = HttpAllowlist.parse("hooks.example").matching(d);
        assertThat(AddressGuard.refusal(d, matched, List.of(ip("93.184.215.14"), ip("169.254.169.254"))))
                .hasValueSatisfying(r -> assertThat(r).contains("169.254.169.254").contains("link-local"));
        assertThat(AddressGuard.refusal(d, matched, List.of(ip("93.184.215.14"), ip("2606:4700::1")))).isEmpty();
    }

    @Test
    void anAddressEntryOpensItsOwnPrivateAddress() throws Exception {
        Destination d = Destination.parse("http://10.0.0.5:9000/");
        List<AllowEntry> matched = HttpAllowlist.parse("10.0.0.5:9000").matching(d);
        assertThat(matched).hasSize(1);
        assertThat(AddressGuard.refusal(d, matched, List.of(d.address()))).isEmpty();
    }

    @Test
    void localhostOpensLoopbackButNothingElse() throws Exception {
        Destination d = Destination.parse("http://localhost:8080/");
        List<AllowEntry> matched = HttpAllowlist.parse("localhost:8080").matching(d);
        assertThat(AddressGuard.refusal(d, matched, List.of(ip("127.0.0.1"), ip("::1")))).isEmpty();
        assertThat(AddressGuard.refusal(d, matched, List.of(ip("127.0.0.1"), ip("192.168.0.10"))))
                .hasValueSatisfying(r -> assertThat(r).contains("192.168.0.10").contains("RFC 1918"));
    }

    @Test
    void aWildcardNeverOpensAPrivateAddress() throws Exception {
        Destination d = Destination.parse("https://db.internal.example/");
        List<AllowEntry> matched = HttpAllowlist.parse("*.internal.example").matching(d);
        assertThat(AddressGuard.refusal(d, matched, List.of(ip("10.1.1.1")))).isPresent();
        assertThat(AddressGuard.refusal(d, matched, List.of(ip("fd00::1"))))
                .hasValueSatisfying(r -> assertThat(r).contains("[fd00::1]:443").contains("unique local"));
    }

    @Test
    void noAddressAtAllIsRefused() {
        Destination d = Destination.parse("https://hooks.example/");
        assertThat(AddressGuard.refusal(d, HttpAllowlist.parse("hooks.example").matching(d), List.of())).isPresent();
    }
}
