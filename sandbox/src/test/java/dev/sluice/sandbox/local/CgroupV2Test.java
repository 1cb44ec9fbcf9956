package dev.sluice.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The v2 run group on a real kernel. The build machines mount cgroup v2 without controllers (they
 * sit in v1), so limits cannot be written there; what a v2 group does without controllers is tested:
 * finding leftovers, cgroup.kill, CPU time from cpu.stat, removal.
 */
class CgroupV2Test {

    @Test
    void killsCountsAndRemovesARunGroup() throws Exception {
        Path root = CgroupMounts.ofThisProcess().v2().orElseThrow();
        String parentName = "sluice-test-v2-" + ProcessHandle.current().pid();
        CgroupV2 driver = new CgroupV2(root, parentName);
        Path group = root.resolve(parentName).resolve("s0-v2");
        Files.createDirectories(group);
        Process busy = new ProcessBuilder("/bin/sh", "-c", "while :; do :; done").start();
        try {
            CgroupFiles.write(group.resolve("cgroup.procs"), String.valueOf(busy.pid()));
            List<RunCgroup> found = driver.leftovers();
            assertThat(found).extracting(RunCgroup::name).containsExactly("s0-v2");
            RunCgroup run = found.getFirst();
            assertThat(run.procsFiles()).containsExactly(group.resolve("cgroup.procs"));
            assertThat(CgroupFiles.pids(group.resolve("cgroup.procs"))).containsExactly(busy.pid());

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> run.usage().cpuNanos() > 1_000_000);
            assertThat(run.kill()).isTrue();
            assertThat(busy.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(run.usage().oomKills()).isZero();
            assertThat(run.remove()).isTrue();
            assertThat(group).doesNotExist();
        } finally {
            busy.destroyForcibly();
            CgroupKill.remove(List.of(group, root.resolve(parentName)));
        }
        assertThat(root.resolve(parentName)).doesNotExist();
    }
}
