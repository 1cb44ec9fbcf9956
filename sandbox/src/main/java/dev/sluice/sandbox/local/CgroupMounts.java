package dev.sluice.sandbox.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the cgroup hierarchies are mounted, read from /proc/self/mountinfo, and which layout to use:
 * cgroup v2 when its hierarchy offers the memory, pids and cpu controllers (modern hosts), else v1
 * when each of them is mounted as a v1 hierarchy (older hosts, and hybrid ones like Debian 10 or
 * this project's build machines, where v2 is mounted without controllers).
 *
 * @param v1 controller name to the mount point of the v1 hierarchy that has it
 * @param v2 the mount point of the v2 hierarchy, if any
 */
record CgroupMounts(Map<String, Path> v1, Optional<Path> v2) {
    static final List<String> REQUIRED = List.of("memory", "pids", "cpu");
    private static final Set<String> V1_CONTROLLERS = Set.of("memory", "pids", "cpu", "cpuacct", "freezer");

    CgroupMounts {
        v1 = Map.copyOf(v1);
    }

    static CgroupMounts ofThisProcess() throws IOException {
        return parse(Files.readAllLines(Path.of("/proc/self/mountinfo")));
    }

    static CgroupMounts parse(List<String> mountinfo) {
        Map<String, Path> v1 = new LinkedHashMap<>();
        Path v2 = null;
        for (String line : mountinfo) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] before = line.substring(0, dash).split(" ");
            String[] after = line.substring(dash + 3).split(" ");
            if (before.length < 5 || after.length < 3) {
                continue;
            }
            Path mountPoint = Path.of(unescape(before[4]));
            switch (after[0]) {
                case "cgroup2" -> v2 = v2 == null ? mountPoint : v2;
                case "cgroup" -> {
                    for (String option : after[2].split(",")) {
                        if (V1_CONTROLLERS.contains(option)) {
                            v1.putIfAbsent(option, mountPoint);
                        }
                    }
                }
                default -> {
                    // not a cgroup mount
                }
            }
        }
        return new CgroupMounts(v1, Optional.ofNullable(v2));
    }

    /** The controllers the v2 hierarchy offers at its root. */
    Set<String> v2Controllers() throws IOException {
        if (v2.isEmpty() || !Files.exists(v2.get().resolve("cgroup.controllers"))) {
            return Set.of();
        }
        String text = CgroupFiles.read(v2.get().resolve("cgroup.controllers")).strip();
        return text.isEmpty() ? Set.of() : Set.of(text.split("\\s+"));
    }

    /** The layout to use for a sandbox whose groups go under {@code parentName}, if the host has one. */
    Optional<CgroupDriver> driver(String parentName) throws IOException {
        if (v2.isPresent() && v2Controllers().containsAll(REQUIRED)) {
            return Optional.of(new CgroupV2(v2.get(), parentName));
        }
        if (v1.keySet().containsAll(REQUIRED)) {
            return Optional.of(new CgroupV1(v1, parentName));
        }
        return Optional.empty();
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
