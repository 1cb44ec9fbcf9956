package dev.sluice.sandbox.local;

import dev.sluice.sandbox.Preflight.Check;
import dev.sluice.sandbox.runtimes.HostCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The preflight checks about the host itself, each with the exact fix: the platform, root, the tools
 * of the launcher chain, seccomp, user namespaces, and that no one else uses the slots' uids.
 */
final class HostChecks {
    private static final Pattern BWRAP_VERSION = Pattern.compile("bubblewrap (\\d+)\\.(\\d+)");

    private HostChecks() {
    }

    static Check platform() {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        boolean ok = "Linux".equals(os) && ("amd64".equals(arch) || "x86_64".equals(arch));
        return new Check("platform", ok, os + " " + arch, ok ? null
                : "run the local sandbox on Linux x86_64 (its seccomp filter is written for x86_64), or use the Kubernetes runner");
    }

    static Check root() {
        try {
            String uid = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .findFirst().map(l -> l.split("\\s+")[1]).orElse("?");
            boolean ok = uid.equals("0");
            return new Check("root", ok, "running as uid " + uid, ok ? null
                    : "run Sluice as root: the local sandbox creates cgroups and switches each run to its own uid");
        } catch (IOException e) {
            return new Check("root", false, "cannot read /proc/self/status: " + e.getMessage(), "mount /proc");
        }
    }

    /** A launcher tool, found at a fixed path. */
    static Check tool(String name, Optional<Path> found, String fix) {
        return found.map(p -> new Check(name, true, p.toString(), null))
                .orElseGet(() -> new Check(name, false, "not installed", fix));
    }

    /** bwrap answers and is 0.8 or newer (--disable-userns, --size). */
    static Check bubblewrapVersion(Path bwrap) throws InterruptedException {
        try {
            HostCommand.Result answer = HostCommand.run(List.of(bwrap.toString(), "--version"), Duration.ofSeconds(10));
            Matcher m = BWRAP_VERSION.matcher(answer.output());
            if (!answer.ok() || !m.find()) {
                return new Check("bubblewrap version", false, "bwrap --version answered: " + answer.output().strip(),
                        "apt-get install --reinstall bubblewrap");
            }
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2));
            boolean ok = major > 0 || minor >= 8;
            return new Check("bubblewrap version", ok, major + "." + minor, ok ? null
                    : "install bubblewrap 0.8 or newer (needed for --disable-userns), e.g. from Debian 12 or later");
        } catch (IOException e) {
            return new Check("bubblewrap version", false, "cannot run bwrap: " + e.getMessage(), "apt-get install bubblewrap");
        }
    }

    static Check seccomp() {
        Path actions = Path.of("/proc/sys/kernel/seccomp/actions_avail");
        try {
            String avail = Files.exists(actions) ? Files.readString(actions) : "";
            boolean ok = avail.contains("kill_process") && avail.contains("errno") && avail.contains("allow");
            return new Check("seccomp", ok, ok ? "filters with kill_process and errno" : "actions available: '" + avail.strip() + "'",
                    ok ? null : "use a kernel with CONFIG_SECCOMP_FILTER, 4.14 or newer (every distribution kernel has it)");
        } catch (IOException e) {
            return new Check("seccomp", false, "cannot read " + actions + ": " + e.getMessage(), "mount /proc");
        }
    }

    static Check userNamespaces() {
        try {
            long max = readLong(Path.of("/proc/sys/user/max_user_namespaces"), 0);
            if (max <= 0) {
                return new Check("user namespaces", false, "user.max_user_namespaces is " + max,
                        "sysctl -w user.max_user_namespaces=15000");
            }
            if (readLong(Path.of("/proc/sys/kernel/unprivileged_userns_clone"), 1) == 0) {
                return new Check("user namespaces", false, "kernel.unprivileged_userns_clone is 0",
                        "sysctl -w kernel.unprivileged_userns_clone=1");
            }
            if (readLong(Path.of("/proc/sys/kernel/apparmor_restrict_unprivileged_userns"), 0) == 1) {
                return new Check("user namespaces", false, "AppArmor restricts unprivileged user namespaces",
                        "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0, or give /usr/bin/bwrap an AppArmor profile that allows userns");
            }
            return new Check("user namespaces", true, "up to " + max, null);
        } catch (IOException | NumberFormatException e) {
            return new Check("user namespaces", false, "cannot read the sysctls: " + e.getMessage(), "mount /proc");
        }
    }

    /** No account in /etc/passwd has a uid in the slots' range: the slots must be nobody else's. */
    static Check uidRange(LocalSandboxConfig config) {
        String name = "slot uids";
        String range = config.uidBase() + "-" + (config.uidBase() + config.slots() - 1);
        try {
            Optional<String> taken = Files.readAllLines(Path.of("/etc/passwd")).stream()
                    .map(l -> l.split(":"))
                    .filter(f -> f.length > 2 && f[2].matches("\\d+"))
                    .filter(f -> {
                        long uid = Long.parseLong(f[2]);
                        return uid >= config.uidBase() && uid < config.uidBase() + config.slots();
                    })
                    .map(f -> f[0] + " (" + f[2] + ")").findFirst();
            return taken.map(t -> new Check(name, false, "uid range " + range + " includes the account " + t,
                    "choose another uidBase in the sandbox configuration")).orElseGet(() -> new Check(name, true, range, null));
        } catch (IOException e) {
            return new Check(name, true, range + " (no /etc/passwd to compare)", null);
        }
    }

    private static long readLong(Path file, long absent) throws IOException {
        return Files.exists(file) ? Long.parseLong(Files.readString(file).strip()) : absent;
    }
}
