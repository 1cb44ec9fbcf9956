/**
 * The seccomp filter of the local sandbox, generated here as a classic BPF program (no libseccomp).
 *
 * <p>Invariants: the program checks the architecture first and kills the process on anything but
 * x86_64 (a 32-bit or x32 entry would otherwise bypass the syscall numbers below); every denied call
 * returns {@code EPERM} so the program sees a clean error, except {@code clone3}, which returns
 * {@code ENOSYS} so that the C library falls back to {@code clone}, whose flags the filter can
 * inspect; every argument check reads only the low 32 bits the kernel itself uses; anything not
 * denied is allowed. The filter is a second wall behind the namespaces and the unprivileged uid, not
 * the only one.
 */
package dev.sluice.sandbox.seccomp;
