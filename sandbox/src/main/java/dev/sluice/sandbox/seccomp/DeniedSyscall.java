package dev.sluice.sandbox.seccomp;

/**
 * The x86_64 system calls a sandboxed program may not make at all, with their numbers from
 * {@code asm/unistd_64.h}. Grouped by why: escaping or reshaping namespaces and mounts, looking into
 * other processes, kernel keyrings, loading code into the kernel, io_uring (a history of escapes and
 * a way around this filter), and administration of the host.
 */
public enum DeniedSyscall {
    // namespaces and mounts
    UNSHARE(272), SETNS(308), MOUNT(165), UMOUNT2(166), PIVOT_ROOT(155), CHROOT(161), OPEN_TREE(428),
    MOVE_MOUNT(429), FSOPEN(430), FSCONFIG(431), FSMOUNT(432), FSPICK(433), MOUNT_SETATTR(442),
    NAME_TO_HANDLE_AT(303), OPEN_BY_HANDLE_AT(304),
    // other processes
    PTRACE(101), PROCESS_VM_READV(310), PROCESS_VM_WRITEV(311), KCMP(312), PIDFD_GETFD(438),
    // keyrings
    KEYCTL(250), ADD_KEY(248), REQUEST_KEY(249),
    // code and probes in the kernel
    BPF(321), PERF_EVENT_OPEN(298), USERFAULTFD(323), KEXEC_LOAD(246), KEXEC_FILE_LOAD(320),
    INIT_MODULE(175), FINIT_MODULE(313), DELETE_MODULE(176), CREATE_MODULE(174), GET_KERNEL_SYMS(177),
    QUERY_MODULE(178), USELIB(134), LOOKUP_DCOOKIE(212), FANOTIFY_INIT(300),
    // io_uring
    IO_URING_SETUP(425), IO_URING_ENTER(426), IO_URING_REGISTER(427),
    // host administration
    REBOOT(169), SWAPON(167), SWAPOFF(168), ACCT(163), SETTIMEOFDAY(164), CLOCK_SETTIME(227),
    CLOCK_ADJTIME(305), ADJTIMEX(159), IOPL(172), IOPERM(173), SYSLOG(103), QUOTACTL(179), QUOTACTL_FD(443),
    VHANGUP(153), SYSCTL(156), NFSSERVCTL(180), MOVE_PAGES(279), MIGRATE_PAGES(256);

    private final int number;

    DeniedSyscall(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }
}
