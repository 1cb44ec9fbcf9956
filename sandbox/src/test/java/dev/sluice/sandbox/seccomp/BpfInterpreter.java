package dev.sluice.sandbox.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Runs a classic BPF seccomp program the way the kernel does, over the encoded bytes (not the Java
 * objects), for the instructions the generator uses. Anything else is an error, so a generator bug
 * cannot hide behind a lenient interpreter.
 */
final class BpfInterpreter {
    private final ByteBuffer program;
    private final int length;

    BpfInterpreter(byte[] bytes) {
        if (bytes.length % 8 != 0) {
            throw new IllegalArgumentException("not a whole number of instructions: " + bytes.length);
        }
        program = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        length = bytes.length / 8;
    }

    /** The seccomp action for a call of syscall {@code nr} on {@code arch} with {@code args}. */
    int run(int arch, int nr, long... args) {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        data.putInt(0, nr).putInt(4, arch).putLong(8, 0x401000L);
        for (int i = 0; i < args.length; i++) {
            data.putLong(16 + 8 * i, args[i]);
        }
        int a = 0;
        int pc = 0;
        for (int steps = 0; steps < 100_000; steps++) {
            if (pc < 0 || pc >= length) {
                throw new IllegalStateException("ran off the program at " + pc);
            }
            int code = program.getShort(pc * 8) & 0xFFFF;
            int jt = program.get(pc * 8 + 2) & 0xFF;
            int jf = program.get(pc * 8 + 3) & 0xFF;
            int k = program.getInt(pc * 8 + 4);
            pc++;
            switch (code) {
                case 0x20 -> { // LD | W | ABS
                    if (k < 0 || k > 60 || k % 4 != 0) {
                        throw new IllegalStateException("bad load offset " + k);
                    }
                    a = data.getInt(k);
                }
                case 0x15 -> pc += a == k ? jt : jf; // JEQ K
                case 0x35 -> pc += Integer.compareUnsigned(a, k) >= 0 ? jt : jf; // JGE K
                case 0x45 -> pc += (a & k) != 0 ? jt : jf; // JSET K
                case 0x54 -> a &= k; // ALU AND K
                case 0x06 -> { // RET K
                    return k;
                }
                default -> throw new IllegalStateException("unexpected opcode 0x" + Integer.toHexString(code));
            }
        }
        throw new IllegalStateException("program did not end");
    }
}
