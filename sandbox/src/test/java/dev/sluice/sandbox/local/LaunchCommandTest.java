package dev.sluice.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sandbox.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchCommandTest {
    private final HostTools tools = new HostTools(Path.of("/bin/sh"), Path.of("/usr/bin/prlimit"), Path.of("/usr/bin/setpriv"),
            Path.of("/usr/bin/bwrap"));
    private final RunCgroup cgroup = new RunCgroup() {
        @Override
        public String name() {
            return "s0-x";
        }

        @Override
        public List<Path> procsFiles() {
            return List.of(Path.of("/sys/fs/cgroup/memory/sb/s0-x/cgroup.procs"), Path.of("/sys/fs/cgroup/cpu,cpuacct/sb/s0-x/cgroup.procs"));
        }

        @Override
        public boolean kill() {
            return true;
        }

        @Override
        public CgroupUsage usage() {
            return CgroupUsage.UNKNOWN;
        }

        @Override
        public boolean remove() {
            return true;
        }
    };

    @TempDir
    Path runs;

    @Test
    void joinsEveryCgroupBeforeExecAndKeepsArgumentsOutOfTheShell() throws Exception {
        RunDirectory run = RunDirectory.create(runs, "s0-x", "main.py", "print(1)", 61007);
        List<String> argv = LaunchCommand.build(tools, 61007, cgroup, Path.of("/run/sb/seccomp.bpf"), run, Limits.DEFAULTS, List.of("/usr/bin/bwrap", "--", "/usr/bin/python3", "/code/main.py", "$(reboot)", "a'b"));
        assertThat(argv.subList(0, 2)).containsExactly("/bin/sh", "-c");
        assertThat(argv.get(2)).isEqualTo("echo $$ > '/sys/fs/cgroup/memory/sb/s0-x/cgroup.procs' && "
                + "echo $$ > '/sys/fs/cgroup/cpu,cpuacct/sb/s0-x/cgroup.procs' && "
                + "exec \"$@\" 3< '/run/sb/seccomp.bpf' 4> '" + runs.resolve("s0-x/status.json") + "' 5> '"
                + runs.resolve("s0-x/started") + "'");
        assertThat(argv.get(2)).doesNotContain("reboot", "python");
        assertThat(argv).containsSubsequence("/usr/bin/prlimit", "--cpu=11", "--fsize=10485760", "--nofile=256", "--core=0",
                "/usr/bin/setpriv", "--reuid=61007", "--regid=61007", "--clear-groups", "--no-new-privs", "/usr/bin/bwrap");
        assertThat(argv.subList(argv.size() - 2, argv.size())).containsExactly("$(reboot)", "a'b");
    }

    @Test
    void cpuRlimitCoversTheWallAtTheQuota() {
        Limits half = new Limits(Duration.ofMillis(2500), Limits.MIB * 64, 8, 0.5, 1024, 0, Limits.MIB);
        assertThat(LaunchCommand.cpuSeconds(half)).isEqualTo(3);
    }

    @Test
    void quoting() {
        assertThat(LaunchCommand.quote("it's")).isEqualTo("'it'\\''s'");
    }
}
