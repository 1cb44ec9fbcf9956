package dev.sluice.sandbox.seccomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The generated filter, run instruction by instruction on its encoded bytes. */
class SandboxSeccompTest {
    private static final int X86_64 = SandboxSeccomp.AUDIT_ARCH_X86_64;
    private static final int EPERM = SeccompAction.errno(SeccompAction.EPERM);
    private static final int ENOSYS = SeccompAction.errno(SeccompAction.ENOSYS);
    private final BpfInterpreter filter = new BpfInterpreter(SandboxSeccomp.bytes());

    @Test
    void otherArchitecturesAreKilled() {
        int i386 = 0x4000_0003;
        assertThat(filter.run(i386, 1)).isEqualTo(SeccompAction.KILL_PROCESS);
        assertThat(filter.run(0xC000_00B7, 172)).isEqualTo(SeccompAction.KILL_PROCESS); // aarch64
    }

    @Test
    void ordinaryCallsAreAllowed() {
        for (int nr : List.of(0, 1, 2, 3, 9, 39, 57, 59, 60, 231, 257)) { // read write open close mmap getpid fork execve exit exit_group openat
            assertThat(filter.run(X86_64, nr)).as("syscall %d", nr).isEqualTo(SeccompAction.ALLOW);
        }
    }

    @ParameterizedTest
    @EnumSource(DeniedSyscall.class)
    void deniedCallsFailWithEperm(DeniedSyscall call) {
        assertThat(filter.run(X86_64, call.number(), 0, 0, 0)).isEqualTo(EPERM);
    }

    @Test
    void x32CallsAreRefused() {
        assertThat(filter.run(X86_64, 0x4000_0000 + 39)).isEqualTo(EPERM);
        assertThat(filter.run(X86_64, 0x4000_0000 + 272)).isEqualTo(EPERM);
        assertThat(filter.run(X86_64, -1)).isEqualTo(EPERM);
    }

    @Test
    void socketFamiliesOfTheNetworkAndNetlinkAreDenied() {
        for (int family : SandboxSeccomp.DENIED_SOCKET_FAMILIES) {
            assertThat(filter.run(X86_64, SandboxSeccomp.SYS_SOCKET, family, 1, 0)).isEqualTo(EPERM);
            // the kernel reads an int: garbage in the high half must not change the answer
            assertThat(filter.run(X86_64, SandboxSeccomp.SYS_SOCKET, 0xFFFF_FFFF_0000_0000L | family, 1, 0)).isEqualTo(EPERM);
        }
        assertThat(filter.run(X86_64, SandboxSeccomp.SYS_SOCKET, 1, 1, 0)).as("AF_UNIX").isEqualTo(SeccompAction.ALLOW);
    }

    @Test
    void terminalInjectionIoctlsAreDeniedWhateverTheHighBits() {
        assertThat(filter.run(X86_64, SandboxSeccomp.SYS_IOCTL, 0, 0x5412, 0)).isEqualTo(EPERM);
        assertThat(filter.run(X86_64, SandboxSeccomp.SYS_IOCTL, 0, 0xFFFF_FFFF_0000_5412L, 0)).isEqualTo(EPERM);
        assertThat(filter.run(X86_64, SandboxSeccomp.SYS_IOCTL, 0, 0x541C, 0)).isEqualTo(EPERM);
        assertThat(filter.run(X86_64, SandboxSeccomp.SYS_IOCTL, 1, 0x5401, 0)).as("TCGETS").isEqualTo(SeccompAction.ALLOW);
    }

    @Test
    void cloneMayNotMakeNamespacesAndClone3FallsBackToClone() {
        int sigchld = 17;
        assertThat(filter.run(X86_64, SandboxSeccomp.SYS_CLONE, sigchld)).isEqualTo(SeccompAction.ALLOW);
        assertThat(filter.run(X86_64, SandboxSeccomp.SYS_CLONE, 0x003D_0F00)).as("pthread_create flags").isEqualTo(SeccompAction.ALLOW);
        for (int ns : List.of(0x0002_0000, 0x0200_0000, 0x0400_0000, 0x0800_0000, 0x1000_0000, 0x2000_0000, 0x4000_0000)) {
            assertThat(filter.run(X86_64, SandboxSeccomp.SYS_CLONE, ns | sigchld)).as("flag %x", ns).isEqualTo(EPERM);
        }
        assertThat(filter.run(X86_64, SandboxSeccomp.SYS_CLONE3, 0, 88)).isEqualTo(ENOSYS);
    }

    @Test
    void programIsWellFormed() {
        byte[] bytes = SandboxSeccomp.bytes();
        assertThat(bytes.length % BpfInstruction.BYTES).isZero();
        assertThat(bytes.length / BpfInstruction.BYTES).isLessThan(BpfProgram.MAX_INSTRUCTIONS);
        List<BpfInstruction> instructions = SandboxSeccomp.program().instructions();
        for (int i = 0; i < instructions.size(); i++) {
            BpfInstruction in = instructions.get(i);
            if ((in.code() & 0x07) != 0x05) {
                continue; // not a jump
            }
            assertThat(i + 1 + Math.max(in.jumpIfTrue(), in.jumpIfFalse())).as("jump from %d stays inside", i)
                    .isLessThan(instructions.size());
        }
        assertThat(instructions.getLast()).isEqualTo(BpfInstruction.ret(SeccompAction.ALLOW));
    }

    @Test
    void encodingIsLittleEndianSockFilter() {
        byte[] one = new BpfProgram().add(BpfInstruction.jumpIfEqual(0x0102_0304, 5, 6)).bytes();
        assertThat(one).containsExactly(0x15, 0x00, 5, 6, 0x04, 0x03, 0x02, 0x01);
    }

    @Test
    void malformedInstructionsAndRulesAreRejected() {
        assertThatThrownBy(() -> BpfInstruction.jumpIfEqual(1, 256, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BpfProgram().whenEqual(1, List.of(BpfInstruction.loadWord(0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BpfProgram().bytes()).isInstanceOf(IllegalStateException.class);
    }
}
