package dev.sluice.sandbox.seccomp;

/** The return values of a seccomp filter (linux/seccomp.h). */
public final class SeccompAction {
    public static final int KILL_PROCESS = 0x8000_0000;
    public static final int ERRNO = 0x0005_0000;
    public static final int ALLOW = 0x7FFF_0000;

    public static final int EPERM = 1;
    public static final int ENOSYS = 38;

    private SeccompAction() {
    }

    /** Fail the call with {@code errno} without running it. */
    public static int errno(int errno) {
        if (errno < 1 || errno > 0xFFFF) {
            throw new IllegalArgumentException("errno out of range: " + errno);
        }
        return ERRNO | errno;
    }
}
