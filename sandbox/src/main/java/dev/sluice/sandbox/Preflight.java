package dev.sluice.sandbox;

import java.util.List;
import java.util.Optional;

/** The readiness of each isolation piece, each with the exact fix when it is missing. */
public record Preflight(List<Check> checks) {

    /**
     * @param name e.g. "bubblewrap", "cgroup memory controller", "seccomp"
     * @param fix what to do, e.g. "apt-get install bubblewrap"; null when ok
     */
    public record Check(String name, boolean ok, String detail, String fix) {}

    public Preflight {
        checks = List.copyOf(checks);
    }

    public boolean ready() {
        return checks.stream().allMatch(Check::ok);
    }

    /** The first failing check as one line, e.g. "bubblewrap not installed: apt-get install bubblewrap". */
    public Optional<String> problem() {
        return checks.stream().filter(c -> !c.ok()).findFirst()
                .map(c -> c.name() + ": " + c.detail() + (c.fix() == null ? "" : " — " + c.fix()));
    }
}
