package dev.sluice.httpjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.httpjob.AllowEntry.Kind;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The allowlist entry syntax, its text form, and what an entry matches and opens. */
class AllowEntryTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            example.org           | NAME       | example.org  |       | example.org
            Example.ORG:8443      | NAME       | example.org  | 8443  | example.org:8443
            localhost             | NAME       | localhost    |       | localhost
            *.example.org         | SUBDOMAINS | example.org  |       | *.example.org
            *.Example.org:443     | SUBDOMAINS | example.org  | 443   | *.example.org:443
            127.0.0.1:8181        | ADDRESS    | 127.0.0.1    | 8181  | 127.0.0.1:8181
            203.0.113.7           | ADDRESS    | 203.0.113.7  |       | 203.0.113.7
            [::1]:8080            | ADDRESS    | ::1          | 8080  | [::1]:8080
            [0:0:0:0:0:0:0:1]     | ADDRESS    | ::1          |       | [::1]
            [2001:DB8:0:0:1::7]   | ADDRESS    | 2001:db8::1:0:0:7 |  | [2001:db8::1:0:0:7]
            [::ffff:10.1.2.3]:81  | ADDRESS    | 10.1.2.3     | 81    | 10.1.2.3:81
            '  example.org  '     | NAME       | example.org  |       | example.org
            """)
    void eachSyntaxParsesToItsKindAndCanonicalText(String text, Kind kind, String host, Integer port, String canonical) {
        AllowEntry entry = AllowEntry.parse(text);
        assertThat(entry.kind()).isEqualTo(kind);
        assertThat(entry.host()).isEqualTo(host);
        assertThat(entry.port()).isEqualTo(port);
        assertThat(entry).hasToString(canonical);
        assertThat(AllowEntry.parse(entry.toString())).isEqualTo(entry);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            exa_mple.org          | not a valid host name
            example.org.          | not a valid host name
            -example.org          | not a valid host name
            example.org:0         | port 0 is not 1-65535
            example.org:65536     | port 65536 is not 1-65535
            example.org:http      | port 'http' is not a number
            example.org:          | port '' is not a number
            ::1                   | IPv6 addresses go in brackets
            [::1                  | '[' without ']'
            [::1]8080             | unexpected '8080' after ']'
            [fe80::1%eth0]        | not an IPv6 address
            [example.org]         | not an IPv6 address
            *.org                 | too broad
            foo.*.example.org     | wildcard is only allowed as a leading '*.'
            *example.org          | wildcard is only allowed as a leading '*.'
            256.1.1.1             | 256 is above 255
            010.0.0.1             | not an IPv4 address in dotted-decimal form
            1.2.3                 | not an IPv4 address in dotted-decimal form
            http://example.org    | port '//example.org' is not a number
            a b.org               | not a valid host name
            0.0.0.0               | 0.0.0.0 is not a destination
            0.1.2.3:80            | 0.1.2.3 is not a destination
            [::]                  | :: is not a destination
            255.255.255.255       | is not a destination
            224.0.0.1             | is not a destination
            [ff02::1]             | is not a destination
            """)
    void badEntriesAreRejectedQuotingTheEntryAndWhatIsWrong(String text, String why) {
        assertThatThrownBy(() -> AllowEntry.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("allowlist entry '" + text.strip() + "' is not valid: ")
                .hasMessageContaining(why)
                .hasMessageContaining("expected host, host:port, *.domain, IPv4[:port] or [IPv6][:port]");
    }

    @Test
    void anEmptyEntryIsRejected() {
        assertThatThrownBy(() -> AllowEntry.parse("  ")).hasMessage("allowlist entry is empty");
    }

    @Test
    void theFlagSyntaxIsACommaSeparatedList() {
        assertThat(AllowEntry.parseList("127.0.0.1:8181,example.org"))
                .containsExactly(new AllowEntry(Kind.ADDRESS, "127.0.0.1", 8181), new AllowEntry(Kind.NAME, "example.org", null));
        assertThat(AllowEntry.parseList(" a.example , *.b.example:443 ,[::1] ")).extracting(AllowEntry::toString)
                .containsExactly("a.example", "*.b.example:443", "[::1]");
        assertThat(AllowEntry.parseList("x.example,X.EXAMPLE")).hasSize(1);
        assertThat(AllowEntry.parseList("")).isEmpty();
        assertThat(AllowEntry.parseList(null)).isEmpty();
    }

    @Test
    void anEmptyItemInTheListIsAnErrorNamingItsPosition() {
        assertThatThrownBy(() -> AllowEntry.parseList("a.example,,b.example"))
                .hasMessageContaining("item 2").hasMessageContaining("is empty");
        assertThatThrownBy(() -> AllowEntry.parseList("a.example,"))
                .hasMessageContaining("item 2");
        assertThatThrownBy(() -> AllowEntry.parseList("a.example,b_c.example"))
                .hasMessageContaining("'b_c.example'");
    }

    @Test
    void theRecordItselfValidates() {
        assertThatThrownBy(() -> new AllowEntry(Kind.NAME, "10.0.0.1", null)).hasMessageContaining("use kind ADDRESS");
        assertThatThrownBy(() -> new AllowEntry(Kind.ADDRESS, "example.org", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AllowEntry(Kind.NAME, "example.org", 70000)).hasMessageContaining("port must be 1-65535");
        assertThatThrownBy(() -> new AllowEntry(null, "example.org", null)).hasMessageContaining("kind is required");
        assertThat(new AllowEntry(Kind.ADDRESS, "0:0::1", null).host()).isEqualTo("::1");
    }

    @Test
    void aNameMatchesThatHostOnAnyPortUnlessItNamesOne() {
        AllowEntry any = AllowEntry.parse("example.org");
        AllowEntry one = AllowEntry.parse("example.org:8443");
        assertThat(any.matches(Destination.parse("https://EXAMPLE.org/hook"))).isTrue();
        assertThat(any.matches(Destination.parse("http://example.org:9999/"))).isTrue();
        assertThat(any.matches(Destination.parse("http://api.example.org/"))).isFalse();
        assertThat(one.matches(Destination.parse("https://example.org:8443/"))).isTrue();
        assertThat(one.matches(Destination.parse("https://example.org/"))).as("default port 443").isFalse();
        assertThat(AllowEntry.parse("example.org:443").matches(Destination.parse("https://example.org/"))).isTrue();
        assertThat(AllowEntry.parse("example.org:80").matches(Destination.parse("http://example.org/"))).isTrue();
    }

    @Test
    void aWildcardMatchesNamesBelowTheDomainOnly() {
        AllowEntry entry = AllowEntry.parse("*.example.org");
        assertThat(entry.matches(Destination.parse("https://api.example.org/"))).isTrue();
        assertThat(entry.matches(Destination.parse("https://a.b.example.org/"))).isTrue();
        assertThat(entry.matches(Destination.parse("https://example.org/"))).isFalse();
        assertThat(entry.matches(Destination.parse("https://badexample.org/"))).isFalse();
        assertThat(entry.matches(Destination.parse("https://example.org.evil.example/"))).isFalse();
    }

    @Test
    void addressesMatchOnlyUrlsNamingThatAddressAndNamesNeverMatchAddresses() {
        AllowEntry v4 = AllowEntry.parse("127.0.0.1:8181");
        assertThat(v4.matches(Destination.parse("http://127.0.0.1:8181/x"))).isTrue();
        assertThat(v4.matches(Destination.parse("http://127.0.0.1:8182/x"))).isFalse();
        assertThat(v4.matches(Destination.parse("http://localhost:8181/x"))).isFalse();
        assertThat(v4.matches(Destination.parse("http://[::ffff:127.0.0.1]:8181/x"))).as("the same address").isTrue();
        AllowEntry v6 = AllowEntry.parse("[::1]");
        assertThat(v6.matches(Destination.parse("http://[0::1]:9/"))).isTrue();
        assertThat(AllowEntry.parse("localhost").matches(Destination.parse("http://127.0.0.1/"))).isFalse();
    }

    @Test
    void onlyAddressEntriesAndLocalhostOpenNonPublicAddresses() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetAddress loopback6 = InetAddress.getByName("::1");
        InetAddress privateAddress = InetAddress.getByName("10.0.0.5");
        assertThat(AllowEntry.parse("10.0.0.5:80").isExplicitFor(privateAddress)).isTrue();
        assertThat(AllowEntry.parse("10.0.0.6").isExplicitFor(privateAddress)).isFalse();
        assertThat(AllowEntry.parse("localhost").isExplicitFor(loopback)).isTrue();
        assertThat(AllowEntry.parse("localhost:8080").isExplicitFor(loopback6)).isTrue();
        assertThat(AllowEntry.parse("localhost").isExplicitFor(privateAddress)).isFalse();
        assertThat(AllowEntry.parse("internal.example").isExplicitFor(privateAddress)).isFalse();
        assertThat(AllowEntry.parse("*.example.org").isExplicitFor(loopback)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "2001:db8::1", "fe80::", "1:0:0:1::1", "2001:db8:0:1:1:1:1:1", "::"})
    void ipv6TextIsCanonical(String text) throws Exception {
        String canonical = IpLiterals.canonical(InetAddress.getByName(text));
        assertThat(canonical).isEqualTo(text);
    }
}
