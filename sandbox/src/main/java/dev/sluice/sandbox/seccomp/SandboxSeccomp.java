package dev.sluice.sandbox.seccomp;

import static dev.sluice.sandbox.seccomp.BpfInstruction.jumpIfAnySet;
import static dev.sluice.sandbox.seccomp.BpfInstruction.jumpIfAtLeast;
import static dev.sluice.sandbox.seccomp.BpfInstruction.jumpIfEqual;
import static dev.sluice.sandbox.seccomp.BpfInstruction.loadWord;
import static dev.sluice.sandbox.seccomp.BpfInstruction.ret;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the sandbox's seccomp filter (see the package documentation for its rules). The output is
 * the byte form {@code bwrap --seccomp FD} loads.
 */
public final class SandboxSeccomp {
    /** AUDIT_ARCH_X86_64: EM_X86_64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE. */
    public static final int AUDIT_ARCH_X86_64 = 0xC000_003E;
    /** Syscall numbers at or above this are the x32 ABI (or nonsense): refused as a whole. */
    public static final int X32_SYSCALL_BIT = 0x4000_0000;

    public static final int SYS_IOCTL = 16;
    public static final int SYS_SOCKET = 41;
    public static final int SYS_CLONE = 56;
    public static final int SYS_CLONE3 = 435;

    /** Address families a program may not open sockets in: the network and the kernel's netlink. */
    public static final List<Integer> DENIED_SOCKET_FAMILIES = List.of(
            2,  // AF_INET
            10, // AF_INET6
            16, // AF_NETLINK
            17  // AF_PACKET
    );
    /** Terminal ioctls that inject input into, or control, someone else's terminal. */
    public static final List<Integer> DENIED_IOCTLS = List.of(
            0x5412, // TIOCSTI
            0x541C  // TIOCLINUX
    );
    /** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET. */
    public static final int CLONE_NAMESPACE_FLAGS = 0x0002_0000 | 0x0200_0000 | 0x0400_0000 | 0x0800_0000
            | 0x1000_0000 | 0x2000_0000 | 0x4000_0000;

    private SandboxSeccomp() {
    }

    public static BpfProgram program() {
        int eperm = SeccompAction.errno(SeccompAction.EPERM);
        BpfProgram p = new BpfProgram();
        p.add(loadWord(SeccompData.ARCH))
                .add(jumpIfEqual(AUDIT_ARCH_X86_64, 1, 0))
                .add(ret(SeccompAction.KILL_PROCESS))
                .add(loadWord(SeccompData.NR))
                .add(jumpIfAtLeast(X32_SYSCALL_BIT, 0, 1))
                .add(ret(eperm));
        for (DeniedSyscall call : DeniedSyscall.values()) {
            p.whenEqual(call.number(), List.of(ret(eperm)));
        }
        p.whenEqual(SYS_CLONE3, List.of(ret(SeccompAction.errno(SeccompAction.ENOSYS))));
        p.whenEqual(SYS_CLONE, List.of(
                loadWord(SeccompData.argLow(0)),
                jumpIfAnySet(CLONE_NAMESPACE_FLAGS, 0, 1),
                ret(eperm),
                ret(SeccompAction.ALLOW)));
        p.whenEqual(SYS_SOCKET, argumentIn(0, DENIED_SOCKET_FAMILIES, eperm));
        p.whenEqual(SYS_IOCTL, argumentIn(1, DENIED_IOCTLS, eperm));
        p.add(ret(SeccompAction.ALLOW));
        return p;
    }

    public static byte[] bytes() {
        return program().bytes();
    }

    /** A body: return {@code action} when argument {@code arg} (low 32 bits) is one of {@code values}, else allow. */
    private static List<BpfInstruction> argumentIn(int arg, List<Integer> values, int action) {
        List<BpfInstruction> body = new ArrayList<>();
        body.add(loadWord(SeccompData.argLow(arg)));
        for (int value : values) {
            body.add(jumpIfEqual(value, 0, 1));
            body.add(ret(action));
        }
        body.add(ret(SeccompAction.ALLOW));
        return body;
    }
}
