/**
 * The local sandbox: untrusted code on this host, without Docker, behind five walls.
 *
 * <ol>
 *   <li>a cgroup per run (memory with swap, pids, CPU quota; v2 when the host offers it, else v1),
 *       joined by the launcher before anything of the run executes, killed whole at the end of every
 *       run and removed (retried while busy); leftovers of a crashed predecessor are killed and
 *       removed at start;</li>
 *   <li>an unprivileged host uid per slot (setpriv, no groups, no_new_privs), switched to
 *       <em>before</em> bubblewrap, so no slot's processes ever run as root or share a uid with
 *       another live run;</li>
 *   <li>rlimits (CPU, file size, open files, no core; never RLIMIT_AS, which breaks threaded
 *       runtimes);</li>
 *   <li>bubblewrap: every namespace new, network included; no nested user namespaces; dies with
 *       its parent; a new session; no capabilities; read-only system directories; a private
 *       size-limited /tmp and /dev/shm; an emptied environment; only fds 0-2;</li>
 *   <li>a seccomp filter generated in {@code dev.sluice.sandbox.seccomp}.</li>
 * </ol>
 *
 * <p>Host-side invariants: the host never reads a path the sandbox controls (output comes through
 * pipes in bounded chunks; the only files it reads are in the run's directory, which the sandbox
 * cannot see, opened without following links and bounded); every buffer is bounded; every process
 * is started from one long-lived launcher thread, because --die-with-parent is tied to the parent
 * thread; a sandbox that is not ready refuses to run code, it never runs it unsandboxed.
 */
package dev.sluice.sandbox.local;
