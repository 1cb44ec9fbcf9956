package dev.sluice.sandbox.local;

import dev.sluice.sandbox.Preflight;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link LocalSandbox#start()} sets up on the host before any run, each piece with its preflight
 * check: the launcher's programs, the cgroup layout (after killing what a crashed predecessor left
 * under the sandbox's cgroup name), and the work root.
 */
final class HostSetup {
    private static final Logger log = LoggerFactory.getLogger(HostSetup.class);

    private HostSetup() {
    }

    /** The launcher chain's programs, each checked; present when all are there. */
    static Optional<HostTools> tools(List<Preflight.Check> checks) throws InterruptedException {
        Optional<Path> sh = Optional.of(Path.of("/bin/sh")).filter(Files::isExecutable);
        Optional<Path> bwrap = HostTools.find("bwrap");
        Optional<Path> setpriv = HostTools.find("setpriv");
        Optional<Path> prlimit = HostTools.find("prlimit");
        checks.add(HostChecks.tool("shell", sh, "install a POSIX shell at /bin/sh (apt-get install dash)"));
        checks.add(HostChecks.tool("bubblewrap", bwrap, "apt-get install bubblewrap"));
        checks.add(HostChecks.tool("setpriv", setpriv, "apt-get install util-linux"));
        checks.add(HostChecks.tool("prlimit", prlimit, "apt-get install util-linux"));
        if (bwrap.isPresent()) {
            checks.add(HostChecks.bubblewrapVersion(bwrap.get()));
        }
        if (sh.isEmpty() || bwrap.isEmpty() || setpriv.isEmpty() || prlimit.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new HostTools(sh.get(), prlimit.get(), setpriv.get(), bwrap.get()));
    }

    static WorkRoot workRoot(LocalSandboxConfig config, List<Preflight.Check> checks) {
        WorkRoot work = new WorkRoot(config.workRoot());
        try {
            work.prepare();
            checks.add(new Preflight.Check("work root", true, config.workRoot().toString(), null));
        } catch (IOException e) {
            checks.add(new Preflight.Check("work root", false, "cannot prepare " + config.workRoot() + ": " + e.getMessage(),
                    "point workRoot at a directory root can write, outside /root and other private directories"));
        }
        return work;
    }

    /** Finds the cgroup layout, kills and removes what a predecessor left, and prepares the parent groups. */
    /** The layout, or null when the host has none (the checks say why). */
    static CgroupDriver cgroups(LocalSandboxConfig config, List<Preflight.Check> checks) {
        Optional<CgroupDriver> driver;
        try {
            driver = CgroupMounts.ofThisProcess().driver(config.cgroupName());
        } catch (IOException | RuntimeException e) {
            checks.add(new Preflight.Check("cgroups", false, "cannot read the cgroup mounts: " + e.getMessage(), "mount /proc"));
            return null;
        }
        if (driver.isEmpty()) {
            checks.add(new Preflight.Check("cgroups", false,
                    "neither cgroup v2 nor v1 offers the memory, pids and cpu controllers",
                    "boot with cgroup v2 (systemd.unified_cgroup_hierarchy=1) or mount the v1 controllers under /sys/fs/cgroup"));
            return null;
        }
        checks.add(new Preflight.Check("cgroups", true, driver.get().describe(), null));
        int removed = killLeftovers(driver.get());
        if (removed > 0) {
            log.warn("killed and removed {} cgroups left under '{}' by an earlier run of the sandbox", removed, config.cgroupName());
        }
        checks.addAll(driver.get().prepare());
        return driver.get();
    }

    static int killLeftovers(CgroupDriver driver) {
        int removed = 0;
        try {
            for (RunCgroup left : driver.leftovers()) {
                left.kill();
                if (left.remove()) {
                    removed++;
                }
            }
        } catch (IOException e) {
            log.warn("cannot clear leftover cgroups: {}", e.toString());
        }
        return removed;
    }
}
