package dev.sluice.sandbox.local;

import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.Preflight;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * cgroup v2: one unified hierarchy; this sandbox's parent group under its root with the memory, pids
 * and cpu controllers delegated to its children, one child per run. Swap is switched off per run
 * (memory.swap.max = 0) so memory.max bounds memory and swap together; memory.oom.group makes an OOM
 * kill take the whole run; cgroup.kill (Linux 5.14+) kills it in one write.
 */
final class CgroupV2 implements CgroupDriver {
    private static final String PROBE = "preflight-probe";
    private static final String CONTROLLERS = "+memory +pids +cpu";

    private final Path root;
    private final Path parent;

    CgroupV2(Path root, String parentName) {
        this.root = root;
        this.parent = root.resolve(parentName);
    }

    @Override
    public String describe() {
        return "cgroup v2 at " + root;
    }

    @Override
    public List<Preflight.Check> prepare() {
        List<Preflight.Check> checks = new ArrayList<>();
        try {
            enableControllers(root);
            Files.createDirectories(parent);
            enableControllers(parent);
            Path probe = parent.resolve(PROBE);
            CgroupKill.remove(List.of(probe));
            Files.createDirectory(probe);
            try {
                for (String controller : CgroupMounts.REQUIRED) {
                    String name = "cgroup " + controller + " controller";
                    try {
                        switch (controller) {
                            case "memory" -> CgroupFiles.write(probe.resolve("memory.max"), String.valueOf(64 * Limits.MIB));
                            case "pids" -> CgroupFiles.write(probe.resolve("pids.max"), "16");
                            default -> CgroupFiles.write(probe.resolve("cpu.max"), CgroupLimits.cpuMax(0.5));
                        }
                        checks.add(new Preflight.Check(name, true, "v2 at " + parent, null));
                    } catch (IOException e) {
                        checks.add(new Preflight.Check(name, false, "cannot limit a group under " + parent + ": " + e.getMessage(),
                                "delegate the controller: echo +" + controller + " > " + root.resolve("cgroup.subtree_control")));
                    }
                }
            } finally {
                CgroupKill.remove(List.of(probe));
            }
        } catch (IOException | RuntimeException e) {
            for (String controller : CgroupMounts.REQUIRED) {
                checks.add(new Preflight.Check("cgroup " + controller + " controller", false,
                        "cannot create a group under " + parent + ": " + e.getMessage(),
                        "run Sluice as root with /sys/fs/cgroup mounted read-write"));
            }
        }
        return checks;
    }

    private static void enableControllers(Path group) throws IOException {
        String enabled = CgroupFiles.read(group.resolve("cgroup.subtree_control"));
        if (!Set.of(enabled.strip().split("\\s+")).containsAll(CgroupMounts.REQUIRED)) {
            CgroupFiles.write(group.resolve("cgroup.subtree_control"), CONTROLLERS);
        }
    }

    @Override
    public RunCgroup create(String name, Limits limits) throws IOException {
        Run run = new Run(name, parent.resolve(name));
        run.kill();
        run.remove();
        Files.createDirectory(run.dir());
        CgroupFiles.write(run.dir().resolve("memory.max"), String.valueOf(limits.memoryBytes()));
        if (Files.exists(run.dir().resolve("memory.swap.max"))) {
            CgroupFiles.write(run.dir().resolve("memory.swap.max"), "0");
        }
        if (Files.exists(run.dir().resolve("memory.oom.group"))) {
            CgroupFiles.write(run.dir().resolve("memory.oom.group"), "1");
        }
        CgroupFiles.write(run.dir().resolve("pids.max"), String.valueOf(limits.processes()));
        CgroupFiles.write(run.dir().resolve("cpu.max"), CgroupLimits.cpuMax(limits.cpus()));
        return run;
    }

    @Override
    public List<RunCgroup> leftovers() throws IOException {
        if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> (RunCgroup) new Run(p.getFileName().toString(), p)).toList();
        }
    }

    @Override
    public void removeParent() {
        CgroupKill.remove(List.of(parent));
    }

    private record Run(String name, Path dir) implements RunCgroup {

        @Override
        public List<Path> procsFiles() {
            return List.of(dir.resolve("cgroup.procs"));
        }

        @Override
        public boolean kill() throws IOException {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
            Path killFile = dir.resolve("cgroup.kill");
            if (Files.exists(killFile)) {
                CgroupFiles.write(killFile, "1");
                return CgroupKill.awaitEmpty(dir.resolve("cgroup.procs"));
            }
            return CgroupKill.killAll(dir.resolve("cgroup.procs"));
        }

        @Override
        public CgroupUsage usage() throws IOException {
            long cpuMicros = CgroupFiles.readKeyed(dir.resolve("cpu.stat"), "usage_usec").orElse(-1);
            long peak = CgroupFiles.readLong(dir.resolve("memory.peak")).orElse(-1);
            long oomKills = CgroupFiles.readKeyed(dir.resolve("memory.events"), "oom_kill").orElse(0);
            return new CgroupUsage(cpuMicros < 0 ? -1 : cpuMicros * 1000, peak, oomKills);
        }

        @Override
        public boolean remove() {
            return CgroupKill.remove(List.of(dir));
        }
    }
}
