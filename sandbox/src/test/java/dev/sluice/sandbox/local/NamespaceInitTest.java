package dev.sluice.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NamespaceInitTest {

    @Test
    void waitsForALiveProcessOfTheUidOnly() throws Exception {
        Process sleeper = new ProcessBuilder("/bin/sleep", "60").start();
        try {
            assertThat(NamespaceInit.awaitGone(sleeper.pid(), 0, Duration.ofMillis(50))).as("alive, ours").isFalse();
            assertThat(NamespaceInit.awaitGone(sleeper.pid(), 61000, Duration.ofMillis(50))).as("another uid's").isTrue();
            sleeper.destroyForcibly();
            assertThat(NamespaceInit.awaitGone(sleeper.pid(), 0, Duration.ofSeconds(5))).as("zombie or reaped").isTrue();
        } finally {
            sleeper.destroyForcibly();
        }
        assertThat(NamespaceInit.awaitGone(Integer.MAX_VALUE, 0, Duration.ofMillis(50))).as("no such pid").isTrue();
    }
}
