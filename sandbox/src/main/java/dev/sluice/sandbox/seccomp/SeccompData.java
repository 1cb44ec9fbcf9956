package dev.sluice.sandbox.seccomp;

/**
 * Offsets into {@code struct seccomp_data}, the record the kernel hands the filter: {@code int nr;
 * u32 arch; u64 instruction_pointer; u64 args[6];}. On little-endian x86_64 the low 32 bits of an
 * argument come first.
 */
final class SeccompData {
    static final int NR = 0;
    static final int ARCH = 4;

    private SeccompData() {
    }

    /** The low 32 bits of syscall argument {@code index} (0-5). */
    static int argLow(int index) {
        if (index < 0 || index > 5) {
            throw new IllegalArgumentException("a syscall has arguments 0-5: " + index);
        }
        return 16 + 8 * index;
    }
}
