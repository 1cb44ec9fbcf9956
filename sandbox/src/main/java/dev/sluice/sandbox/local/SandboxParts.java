package dev.sluice.sandbox.local;

import dev.sluice.sandbox.runtimes.Runtimes;

/** What every run of a started sandbox shares; fixed from start to stop. */
record SandboxParts(LocalSandboxConfig config, HostTools tools, SystemDirectories system, WorkRoot work,
        CgroupDriver cgroups, Launcher launcher, Runtimes runtimes) {}
