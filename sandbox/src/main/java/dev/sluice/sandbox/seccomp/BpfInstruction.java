package dev.sluice.sandbox.seccomp;

import java.nio.ByteBuffer;

/**
 * One classic BPF instruction ({@code struct sock_filter}): 16-bit opcode, two 8-bit jump offsets
 * (relative to the next instruction), 32-bit constant. Encoded little-endian, 8 bytes, as the x86_64
 * kernel reads it.
 */
public record BpfInstruction(int code, int jumpIfTrue, int jumpIfFalse, int k) {

    /** Size of one encoded instruction. */
    public static final int BYTES = 8;

    // opcode parts, from linux/bpf_common.h
    static final int LD = 0x00;
    static final int JMP = 0x05;
    static final int RET = 0x06;
    static final int ALU = 0x04;
    static final int W = 0x00;
    static final int ABS = 0x20;
    static final int JEQ = 0x10;
    static final int JGE = 0x30;
    static final int JSET = 0x40;
    static final int AND = 0x50;
    static final int K = 0x00;

    public BpfInstruction {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("code must fit 16 bits: " + code);
        }
        if (jumpIfTrue < 0 || jumpIfTrue > 0xFF || jumpIfFalse < 0 || jumpIfFalse > 0xFF) {
            throw new IllegalArgumentException("jump offsets must fit 8 bits: " + jumpIfTrue + ", " + jumpIfFalse);
        }
    }

    /** A ← the 32-bit word at {@code offset} of {@code struct seccomp_data}. */
    public static BpfInstruction loadWord(int offset) {
        return new BpfInstruction(LD | W | ABS, 0, 0, offset);
    }

    /** pc += (A == k) ? jt : jf. */
    public static BpfInstruction jumpIfEqual(int k, int jt, int jf) {
        return new BpfInstruction(JMP | JEQ | K, jt, jf, k);
    }

    /** pc += (A >= k, unsigned) ? jt : jf. */
    public static BpfInstruction jumpIfAtLeast(int k, int jt, int jf) {
        return new BpfInstruction(JMP | JGE | K, jt, jf, k);
    }

    /** pc += (A &amp; k) != 0 ? jt : jf. */
    public static BpfInstruction jumpIfAnySet(int k, int jt, int jf) {
        return new BpfInstruction(JMP | JSET | K, jt, jf, k);
    }

    /** A ← A &amp; k. */
    public static BpfInstruction and(int k) {
        return new BpfInstruction(ALU | AND | K, 0, 0, k);
    }

    /** Ends the program with the seccomp action {@code k}. */
    public static BpfInstruction ret(int k) {
        return new BpfInstruction(RET | K, 0, 0, k);
    }

    void writeTo(ByteBuffer out) {
        out.putShort((short) code).put((byte) jumpIfTrue).put((byte) jumpIfFalse).putInt(k);
    }
}
