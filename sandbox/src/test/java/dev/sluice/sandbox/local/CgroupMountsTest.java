package dev.sluice.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupMountsTest {

    @Test
    void readsV1ControllersAndTheV2Mount() {
        CgroupMounts mounts = CgroupMounts.parse(List.of(
                "30 25 0:26 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs rw,mode=755",
                "31 30 0:27 / /sys/fs/cgroup/unified rw,nosuid shared:5 - cgroup2 cgroup2 rw",
                "33 30 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:7 - cgroup cgroup rw,cpu,cpuacct",
                "34 30 0:30 / /sys/fs/cgroup/memory rw,nosuid shared:8 - cgroup cgroup rw,memory",
                "35 30 0:31 / /sys/fs/cgroup/pids rw,nosuid shared:9 - cgroup cgroup rw,pids",
                "36 30 0:32 / /sys/fs/cgroup/my\\040dir rw - cgroup cgroup rw,freezer",
                "40 1 8:1 / / rw,relatime - ext4 /dev/vda rw"));
        assertThat(mounts.v2()).contains(Path.of("/sys/fs/cgroup/unified"));
        assertThat(mounts.v1()).containsEntry("cpu", Path.of("/sys/fs/cgroup/cpu,cpuacct"))
                .containsEntry("cpuacct", Path.of("/sys/fs/cgroup/cpu,cpuacct"))
                .containsEntry("memory", Path.of("/sys/fs/cgroup/memory"))
                .containsEntry("pids", Path.of("/sys/fs/cgroup/pids"))
                .containsEntry("freezer", Path.of("/sys/fs/cgroup/my dir"));
    }

    @Test
    void pureV2Host() {
        CgroupMounts mounts = CgroupMounts.parse(List.of(
                "25 30 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot"));
        assertThat(mounts.v1()).isEmpty();
        assertThat(mounts.v2()).contains(Path.of("/sys/fs/cgroup"));
    }

    @Test
    void cpuQuotaValues() {
        assertThat(CgroupLimits.cpuQuotaMicros(1.0)).isEqualTo(100_000);
        assertThat(CgroupLimits.cpuQuotaMicros(0.5)).isEqualTo(50_000);
        assertThat(CgroupLimits.cpuQuotaMicros(0.001)).isEqualTo(1000);
        assertThat(CgroupLimits.cpuMax(2.0)).isEqualTo("200000 100000");
    }

    @Test
    void thisHostHasALayoutWithTheThreeControllers() throws Exception {
        // the build machines of this project: cgroup v1 controllers, v2 mounted without them; modern hosts: pure v2
        assertThat(CgroupMounts.ofThisProcess().driver("sluice-probe")).isPresent();
    }
}
