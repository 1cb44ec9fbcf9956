package dev.sluice.sandbox;

import java.util.List;

/**
 * Runs untrusted code under limits and reports what happened. Implementations: the local sandbox
 * (bubblewrap, cgroups, seccomp) and Kubernetes pods. Both pass the same contract test suite.
 *
 * <p>The code's own behaviour is never an exception: a non-zero exit, a timeout, running out of
 * memory or output are {@link Outcome outcomes}. Only a failure of the runner itself (the sandbox
 * could not be set up, the cluster is unreachable) throws {@link SandboxException}, which the caller
 * may retry.
 */
public interface CodeRunner {

    /**
     * Runs one program to its end and returns the result. Output is passed to {@code output} as it
     * arrives, never more than {@link Limits#outputBytes()} per stream. Blocks until the run and every
     * process it started are gone.
     *
     * @param cancel cancelling it stops the run within a second; the outcome is then {@link Outcome#CANCELLED}
     * @throws SandboxException when the run could not be carried out for reasons outside the code
     * @throws InterruptedException when the calling thread is interrupted; the run is killed first
     */
    RunResult run(RunSpec spec, OutputSink output, CancelToken cancel) throws InterruptedException;

    /** The languages and versions this runner can run. */
    List<RuntimeInfo> runtimes();

    /**
     * Whether every isolation piece this runner relies on is in place. A runner whose preflight is
     * not {@link Preflight#ready() ready} refuses to run code (it never falls back to running it
     * unsandboxed) and the preflight says what to fix.
     */
    Preflight preflight();
}
