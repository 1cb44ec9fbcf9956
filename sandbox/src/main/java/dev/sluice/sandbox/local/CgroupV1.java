package dev.sluice.sandbox.local;

import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.Preflight;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * cgroup v1: one hierarchy per controller (memory, pids, cpu, and cpuacct for CPU time when mounted),
 * a group named after the run in each. Memory is limited with swap (memsw) when the kernel accounts
 * swap; the OOM kill count comes from memory.oom_control.
 */
final class CgroupV1 implements CgroupDriver {
    private static final String PROBE = "preflight-probe";

    /** controller → this sandbox's parent directory in that controller's hierarchy. */
    private final Map<String, Path> parents = new LinkedHashMap<>();

    CgroupV1(Map<String, Path> mounts, String parentName) {
        for (String controller : List.of("memory", "pids", "cpu", "cpuacct")) {
            Path mount = mounts.get(controller);
            if (mount != null) {
                parents.put(controller, mount.resolve(parentName));
            }
        }
    }

    @Override
    public String describe() {
        return "cgroup v1 (" + String.join(", ", parents.keySet()) + ")";
    }

    /** The distinct parent directories (cpu and cpuacct may share a hierarchy). */
    private List<Path> parentDirs() {
        return List.copyOf(new LinkedHashSet<>(parents.values()));
    }

    @Override
    public List<Preflight.Check> prepare() {
        List<Preflight.Check> checks = new ArrayList<>();
        for (Map.Entry<String, Path> parent : parents.entrySet()) {
            String controller = parent.getKey();
            String name = "cgroup " + controller + " controller";
            try {
                Files.createDirectories(parent.getValue());
                Path probe = parent.getValue().resolve(PROBE);
                CgroupKill.remove(List.of(probe));
                Files.createDirectory(probe);
                try {
                    switch (controller) {
                        case "memory" -> CgroupFiles.write(probe.resolve("memory.limit_in_bytes"), String.valueOf(64 * Limits.MIB));
                        case "pids" -> CgroupFiles.write(probe.resolve("pids.max"), "16");
                        case "cpu" -> CgroupFiles.write(probe.resolve("cpu.cfs_quota_us"), "50000");
                        default -> CgroupFiles.read(probe.resolve("cpuacct.usage"));
                    }
                } finally {
                    CgroupKill.remove(List.of(probe));
                }
                checks.add(new Preflight.Check(name, true, "v1 at " + parent.getValue(), null));
            } catch (IOException | RuntimeException e) {
                checks.add(new Preflight.Check(name, false, "cannot create and limit a group under " + parent.getValue()
                        + ": " + e.getMessage(), "run Sluice as root with /sys/fs/cgroup mounted read-write"));
            }
        }
        checks.add(swapCheck());
        return checks;
    }

    private Preflight.Check swapCheck() {
        String name = "cgroup memory limit includes swap";
        Path memory = parents.get("memory");
        if (memory != null && Files.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
            return new Preflight.Check(name, true, "memsw accounting on", null);
        }
        try {
            long swap = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("SwapTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
            return swap == 0 ? new Preflight.Check(name, true, "no swap on this host", null)
                    : new Preflight.Check(name, false, "the kernel does not account swap, so a run could swap past its limit",
                            "boot with swapaccount=1, or turn swap off (swapoff -a)");
        } catch (IOException e) {
            return new Preflight.Check(name, false, "cannot read /proc/meminfo: " + e.getMessage(), null);
        }
    }

    @Override
    public RunCgroup create(String name, Limits limits) throws IOException {
        Run run = handle(name);
        run.kill();
        run.remove();
        for (Path dir : run.dirs()) {
            Files.createDirectory(dir);
        }
        Path memory = run.dir("memory");
        CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), String.valueOf(limits.memoryBytes()));
        if (Files.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
            CgroupFiles.write(memory.resolve("memory.memsw.limit_in_bytes"), String.valueOf(limits.memoryBytes()));
        }
        CgroupFiles.write(run.dir("pids").resolve("pids.max"), String.valueOf(limits.processes()));
        Path cpu = run.dir("cpu");
        CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), String.valueOf(CgroupLimits.CPU_PERIOD_MICROS));
        CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), String.valueOf(CgroupLimits.cpuQuotaMicros(limits.cpus())));
        return run;
    }

    @Override
    public List<RunCgroup> leftovers() throws IOException {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (Path parent : parentDirs()) {
            if (Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> children = Files.list(parent)) {
                    children.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                            .forEach(p -> names.add(p.getFileName().toString()));
                }
            }
        }
        return names.stream().map(n -> (RunCgroup) handle(n)).toList();
    }

    @Override
    public void removeParent() {
        CgroupKill.remove(parentDirs());
    }

    private Run handle(String name) {
        Map<String, Path> dirs = new LinkedHashMap<>();
        parents.forEach((controller, parent) -> dirs.put(controller, parent.resolve(name)));
        return new Run(name, dirs);
    }

    /** One run's group, in each hierarchy. */
    private record Run(String name, Map<String, Path> byController) implements RunCgroup {

        Path dir(String controller) {
            return byController.get(controller);
        }

        List<Path> dirs() {
            return List.copyOf(new LinkedHashSet<>(byController.values()));
        }

        @Override
        public List<Path> procsFiles() {
            return dirs().stream().map(d -> d.resolve("cgroup.procs")).toList();
        }

        @Override
        public boolean kill() throws IOException {
            boolean empty = true;
            for (Path procs : procsFiles()) {
                empty &= CgroupKill.killAll(procs);
            }
            return empty;
        }

        @Override
        public CgroupUsage usage() throws IOException {
            Path cpuacct = byController.get("cpuacct");
            long cpu = cpuacct == null ? -1 : CgroupFiles.readLong(cpuacct.resolve("cpuacct.usage")).orElse(-1);
            Path memory = dir("memory");
            long peak = CgroupFiles.readLong(memory.resolve("memory.max_usage_in_bytes")).orElse(-1);
            OptionalLong oomKills = CgroupFiles.readKeyed(memory.resolve("memory.oom_control"), "oom_kill");
            return new CgroupUsage(cpu, peak, oomKills.orElse(0));
        }

        @Override
        public boolean remove() {
            return CgroupKill.remove(dirs());
        }
    }
}
