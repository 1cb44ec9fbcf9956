package dev.sluice.sandbox.local;

import dev.sluice.sandbox.Limits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole launcher chain as one argv, cheapest first and each step a plain exec:
 *
 * <pre>
 *   sh -c 'echo $$ &gt; …/cgroup.procs &amp;&amp; … &amp;&amp; exec "$@" 3&lt; seccomp.bpf 4&gt; status.json 5&gt; started'
 *     → prlimit (cpu, fsize, nofile, core; never RLIMIT_AS: it breaks threaded runtimes)
 *     → setpriv (the slot's uid and gid, no groups, no_new_privs, no inheritable caps)
 *     → bwrap … → sh (marks the start on fd 5, closes it) → the interpreter
 * </pre>
 *
 * The shell joins the run's cgroup itself before anything else runs, so no process of the run is ever
 * outside it (writing the pid after start would race). Only paths this sandbox made go into the shell
 * line, each single-quoted; the program's own arguments travel as separate argv entries after
 * {@code "$@"} and are never parsed by a shell. The user switch comes before bwrap because bwrap run
 * as root with a user namespace maps the program to host root.
 */
final class LaunchCommand {
    static final int NOFILE = 256;

    private LaunchCommand() {
    }

    static List<String> build(HostTools tools, int uid, RunCgroup cgroup, Path seccomp, RunDirectory run, Limits limits,
            List<String> bwrapCommand) {
        StringBuilder script = new StringBuilder();
        for (Path procs : cgroup.procsFiles()) {
            script.append("echo $$ > ").append(quote(procs.toString())).append(" && ");
        }
        script.append("exec \"$@\" ").append(BwrapArguments.SECCOMP_FD).append("< ").append(quote(seccomp.toString()))
                .append(' ').append(BwrapArguments.STATUS_FD).append("> ").append(quote(run.statusFile().toString()))
                .append(' ').append(BwrapArguments.STARTED_FD).append("> ").append(quote(run.startedFile().toString()));
        List<String> argv = new ArrayList<>(List.of(tools.shell().toString(), "-c", script.toString(), "sluice-sandbox",
                tools.prlimit().toString(),
                "--cpu=" + cpuSeconds(limits),
                "--fsize=" + limits.fileSizeBytes(),
                "--nofile=" + NOFILE,
                "--core=0",
                "--",
                tools.setpriv().toString(),
                "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--no-new-privs", "--inh-caps=-all", "--"));
        argv.addAll(bwrapCommand);
        return argv;
    }

    /** RLIMIT_CPU: the CPU the run could use in its wall time, plus a second; a backstop, the wall limit comes first. */
    static long cpuSeconds(Limits limits) {
        return (long) Math.ceil(limits.wall().toMillis() / 1000.0 * limits.cpus()) + 1;
    }

    /** Single-quotes {@code s} for sh. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
