package dev.sluice.sandbox.local;

import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.Preflight;
import java.io.IOException;
import java.util.List;

/** One cgroup hierarchy layout (v1 or v2) under which this sandbox makes a group per run. */
interface CgroupDriver {

    /** e.g. "cgroup v1 (memory, pids, cpu, cpuacct)". */
    String describe();

    /** Creates this sandbox's parent group(s) and turns on the controllers; checks each piece. */
    List<Preflight.Check> prepare();

    /** A fresh group for one run with the run's limits written. */
    RunCgroup create(String name, Limits limits) throws IOException;

    /** Groups left under this sandbox's parent (by a crash), as handles to kill and remove. */
    List<RunCgroup> leftovers() throws IOException;

    /** Removes this sandbox's parent group(s) once empty. */
    void removeParent();
}
