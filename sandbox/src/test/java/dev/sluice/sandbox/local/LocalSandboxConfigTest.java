package dev.sluice.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalSandboxConfigTest {
    private final LocalSandboxConfig defaults = LocalSandboxConfig.defaults();

    @Test
    void defaultsAreValid() {
        assertThat(defaults.slots()).isGreaterThanOrEqualTo(2);
        assertThat(defaults.uidOf(3)).isEqualTo(61003);
        assertThat(dev.sluice.sandbox.Limits.DEFAULTS.within(defaults.maxLimits())).isTrue();
    }

    @Test
    void eachFieldIsValidatedByName() {
        assertThatThrownBy(() -> defaults.withSlots(0)).hasMessageContaining("slots");
        assertThatThrownBy(() -> defaults.withSlots(LocalSandboxConfig.MAX_SLOTS + 1)).hasMessageContaining("slots");
        assertThatThrownBy(() -> defaults.withUidBase(0)).hasMessageContaining("uidBase");
        assertThatThrownBy(() -> defaults.withSlots(4).withUidBase(65531)).as("reaches nobody").hasMessageContaining("uidBase");
        assertThatThrownBy(() -> defaults.withCgroupName("../escape")).hasMessageContaining("cgroupName");
        assertThatThrownBy(() -> defaults.withCgroupName("Upper")).hasMessageContaining("cgroupName");
        assertThatThrownBy(() -> defaults.withWorkRoot(Path.of("relative"))).hasMessageContaining("workRoot");
        assertThatThrownBy(() -> defaults.withWorkRoot(Path.of("/tmp/a b"))).hasMessageContaining("workRoot");
        assertThatThrownBy(() -> defaults.withWorkRoot(Path.of("/tmp/x'; rm -rf /"))).hasMessageContaining("workRoot");
        assertThatThrownBy(() -> defaults.withMaxLimits(null)).hasMessageContaining("maxLimits");
        assertThat(defaults.withUidBase(70000).uidBase()).isEqualTo(70000);
    }
}
