package dev.sluice.httpjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The fixed, mutable and combined allowlists. */
class AllowlistTest {

    @Test
    void aFixedListComesFromTheFlagText() {
        HttpAllowlist list = HttpAllowlist.parse("127.0.0.1:8181,example.org");
        assertThat(list.allows(Destination.parse("http://127.0.0.1:8181/"))).isTrue();
        assertThat(list.allows(Destination.parse("https://example.org/a"))).isTrue();
        assertThat(list.allows(Destination.parse("http://127.0.0.1:8182/"))).isFalse();
        assertThat(list.allows(Destination.parse("https://other.example/"))).isFalse();
        assertThat(HttpAllowlist.parse("").entries()).isEmpty();
        assertThatThrownBy(() -> HttpAllowlist.of(java.util.Arrays.asList(AllowEntry.parse("a.example"), null)))
                .hasMessageContaining("no nulls");
    }

    @Test
    void aMutableListChangesAtRunTimeAndSnapshotsDoNot() {
        MutableAllowlist list = new MutableAllowlist();
        AllowEntry entry = AllowEntry.parse("hooks.example");
        List<AllowEntry> before = list.entries();
        assertThat(list.add(entry)).isTrue();
        assertThat(list.add(AllowEntry.parse("HOOKS.example"))).as("already there").isFalse();
        assertThat(list.allows(Destination.parse("https://hooks.example/"))).isTrue();
        assertThat(before).isEmpty();
        assertThat(list.remove(entry)).isTrue();
        assertThat(list.remove(entry)).isFalse();
        assertThat(list.allows(Destination.parse("https://hooks.example/"))).isFalse();
        list.replaceAll(AllowEntry.parseList("a.example,b.example,a.example"));
        assertThat(list.entries()).extracting(AllowEntry::toString).containsExactly("a.example", "b.example");
        assertThatThrownBy(() -> list.add(null)).hasMessageContaining("entry is required");
    }

    @Test
    void concurrentAddsAllLand() throws Exception {
        MutableAllowlist list = new MutableAllowlist();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int base = t * 50;
            threads.add(Thread.ofVirtual().start(() -> IntStream.range(base, base + 50)
                    .forEach(i -> list.add(AllowEntry.parse("h" + i + ".example")))));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(list.entries()).hasSize(400).doesNotHaveDuplicates();
    }

    @Test
    void aUnionReadsItsPartsLive() {
        MutableAllowlist admin = new MutableAllowlist();
        HttpAllowlist all = HttpAllowlist.union(HttpAllowlist.parse("fixed.example,shared.example"), admin);
        assertThat(all.allows(Destination.parse("https://fixed.example/"))).isTrue();
        assertThat(all.allows(Destination.parse("https://added.example/"))).isFalse();
        admin.add(AllowEntry.parse("added.example"));
        admin.add(AllowEntry.parse("shared.example"));
        assertThat(all.allows(Destination.parse("https://added.example/"))).isTrue();
        assertThat(all.entries()).extracting(AllowEntry::toString)
                .containsExactly("fixed.example", "shared.example", "added.example");
        admin.remove(AllowEntry.parse("added.example"));
        assertThat(all.allows(Destination.parse("https://added.example/"))).isFalse();
    }

    @Test
    void matchingListsEveryEntryThatAllowsTheDestination() {
        HttpAllowlist list = HttpAllowlist.parse("*.example.org,api.example.org:8443,other.example");
        assertThat(list.matching(Destination.parse("https://api.example.org:8443/"))).extracting(AllowEntry::toString)
                .containsExactly("*.example.org", "api.example.org:8443");
        assertThat(list.matching(Destination.parse("https://nope.example/"))).isEmpty();
    }
}
