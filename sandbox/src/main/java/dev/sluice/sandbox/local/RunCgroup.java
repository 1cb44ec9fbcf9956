package dev.sluice.sandbox.local;

import java.io.IOException;
import java.util.List;
import java.nio.file.Path;

/** The cgroup of one run: made before the run, killed and removed after it. */
interface RunCgroup {

    String name();

    /** The cgroup.procs files the launcher writes its own pid into before it starts the sandbox. */
    List<Path> procsFiles();

    /** Kills every process in the group and waits (bounded) until none is left; true when empty. */
    boolean kill() throws IOException;

    CgroupUsage usage() throws IOException;

    /** Removes the group, retrying while exiting processes still hold it; true when gone. */
    boolean remove();
}
