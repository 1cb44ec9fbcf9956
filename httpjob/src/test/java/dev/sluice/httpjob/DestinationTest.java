package dev.sluice.httpjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which URLs are deliverable, and where they point. */
class DestinationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            https://Hooks.Example/in?x=1  | https | hooks.example | 443  | false
            HTTP://hooks.example:8080/    | http  | hooks.example | 8080 | false
            http://127.0.0.1:8181         | http  | 127.0.0.1     | 8181 | true
            http://[::1]:9/               | http  | ::1           | 9    | true
            http://[::ffff:10.0.0.1]/     | http  | 10.0.0.1      | 80   | true
            """)
    void aValidUrlNamesSchemeHostAndEffectivePort(String url, String scheme, String host, int port, boolean address) {
        Destination d = Destination.parse(url);
        assertThat(d.scheme()).isEqualTo(scheme);
        assertThat(d.host()).isEqualTo(host);
        assertThat(d.port()).isEqualTo(port);
        assertThat(d.isAddress()).isEqualTo(address);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ftp://hooks.example/          | must start with http:// or https://
            hooks.example/in              | must start with http:// or https://
            file:///etc/passwd            | must start with http:// or https://
            http:hooks.example            | has no host
            http:///path                  | has no host
            http://user:pw@hooks.example/ | must not contain user info
            http://hooks.example/#frag    | must not contain a fragment
            http://hooks_x.example/       | has no valid host
            http://hooks.example./        | not a valid host name
            http://2130706433/            | not an IPv4 address in dotted-decimal form
            http://127.000.000.001/       | not an IPv4 address in dotted-decimal form
            http://hooks.example:0/       | port must be 1-65535
            http://hooks.example:70000/   | port must be 1-65535
            'http://a b/'                 | is not a valid URL
            http://[fe80::1%25eth0]/      | not an IPv6 address
            """)
    void anUndeliverableUrlIsRejectedSayingWhy(String url, String why) {
        assertThatThrownBy(() -> Destination.parse(url)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(why);
    }

    @Test
    void aMissingOrOverlongUrlIsRejected() {
        assertThatThrownBy(() -> Destination.parse(null)).hasMessage("is required");
        assertThatThrownBy(() -> Destination.parse(" ")).hasMessage("is required");
        assertThatThrownBy(() -> Destination.parse("https://hooks.example/" + "a".repeat(2100)))
                .hasMessageContaining("longer than 2048");
    }

    @Test
    void theAuthorityPutsIpv6InBrackets() {
        assertThat(Destination.parse("http://[::1]:9/").authority()).isEqualTo("[::1]:9");
        assertThat(Destination.parse("https://hooks.example/").authority()).isEqualTo("hooks.example:443");
    }
}
