package dev.sluice.sandbox.local;

import dev.sluice.sandbox.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the local sandbox is set up.
 *
 * @param slots how many runs may go at once; each slot has its own uid, so concurrent runs never
 *     share one
 * @param uidBase slot {@code n} runs as host uid and gid {@code uidBase + n}; the range must be used by
 *     no one else on the host
 * @param cgroupName the group under each cgroup hierarchy that holds this sandbox's runs; everything
 *     under it is this sandbox's, and leftovers there are killed and removed at start
 * @param workRoot a directory only this sandbox uses (root-owned; runs' code files are written under it)
 * @param maxLimits the most any run may ask for
 */
public record LocalSandboxConfig(int slots, int uidBase, String cgroupName, Path workRoot, Limits maxLimits) {
    private static final Pattern CGROUP_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    /** Characters allowed in the work root: it is written into the launcher's shell line (quoted as well). */
    private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9._-]+)+");
    public static final int MAX_SLOTS = 256;

    /** Generous ceilings; a request is still bounded by them. */
    public static final Limits DEFAULT_MAX_LIMITS = new Limits(Duration.ofMinutes(5), 2048 * Limits.MIB, 1024, 4.0,
            16 * Limits.MIB, 1024 * Limits.MIB, 512 * Limits.MIB);

    public LocalSandboxConfig {
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException("slots must be 1-" + MAX_SLOTS + ": " + slots);
        }
        long uidEnd = (long) uidBase + slots;
        if (uidBase < 1000 || uidEnd > Integer.MAX_VALUE || uidBase <= 65535 && uidEnd > 65534) {
            throw new IllegalArgumentException("uidBase must be at least 1000 and its " + slots
                    + " uids must not reach 65534 (nobody): " + uidBase);
        }
        Objects.requireNonNull(cgroupName, "cgroupName");
        if (!CGROUP_NAME.matcher(cgroupName).matches()) {
            throw new IllegalArgumentException("cgroupName must match " + CGROUP_NAME.pattern() + ": " + cgroupName);
        }
        Objects.requireNonNull(workRoot, "workRoot");
        if (!workRoot.isAbsolute() || !workRoot.normalize().equals(workRoot) || !SAFE_PATH.matcher(workRoot.toString()).matches()) {
            throw new IllegalArgumentException("workRoot must be an absolute normalised path of letters, digits, '.', '_', '-': "
                    + workRoot);
        }
        Objects.requireNonNull(maxLimits, "maxLimits");
    }

    /** Slots for twice the cores, uids from 61000, cgroup "sluice-sandbox", work root /run/sluice-sandbox. */
    public static LocalSandboxConfig defaults() {
        return new LocalSandboxConfig(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()), 61000, "sluice-sandbox",
                Path.of("/run/sluice-sandbox"), DEFAULT_MAX_LIMITS);
    }

    public LocalSandboxConfig withSlots(int value) {
        return new LocalSandboxConfig(value, uidBase, cgroupName, workRoot, maxLimits);
    }

    public LocalSandboxConfig withUidBase(int value) {
        return new LocalSandboxConfig(slots, value, cgroupName, workRoot, maxLimits);
    }

    public LocalSandboxConfig withCgroupName(String value) {
        return new LocalSandboxConfig(slots, uidBase, value, workRoot, maxLimits);
    }

    public LocalSandboxConfig withWorkRoot(Path value) {
        return new LocalSandboxConfig(slots, uidBase, cgroupName, value, maxLimits);
    }

    public LocalSandboxConfig withMaxLimits(Limits value) {
        return new LocalSandboxConfig(slots, uidBase, cgroupName, workRoot, value);
    }

    /** The host uid of slot {@code slot}. */
    public int uidOf(int slot) {
        return uidBase + slot;
    }
}
