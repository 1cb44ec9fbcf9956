package dev.sluice.sandbox.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A classic BPF program being written top to bottom. Jumps are only ever forward and short: each rule
 * is a block "if the syscall is N, run this body (which ends in a return), else skip it", so no
 * offset can outgrow the 8 bits an instruction has for it.
 */
public final class BpfProgram {
    /** The kernel refuses longer programs (BPF_MAXINSNS). */
    public static final int MAX_INSTRUCTIONS = 4096;

    private final List<BpfInstruction> instructions = new ArrayList<>();

    public BpfProgram add(BpfInstruction instruction) {
        instructions.add(instruction);
        return this;
    }

    /** Runs {@code body} when A equals {@code value}, skips it otherwise. The body must end in a return. */
    public BpfProgram whenEqual(int value, List<BpfInstruction> body) {
        if (body.isEmpty() || body.getLast().code() != (BpfInstruction.RET | BpfInstruction.K)) {
            throw new IllegalArgumentException("a rule body must end in a return");
        }
        add(BpfInstruction.jumpIfEqual(value, 0, body.size()));
        body.forEach(this::add);
        return this;
    }

    public List<BpfInstruction> instructions() {
        return List.copyOf(instructions);
    }

    /** The program as the kernel (and {@code bwrap --seccomp}) reads it: an array of sock_filter. */
    public byte[] bytes() {
        if (instructions.isEmpty() || instructions.size() > MAX_INSTRUCTIONS) {
            throw new IllegalStateException("a BPF program has 1 to " + MAX_INSTRUCTIONS + " instructions, not " + instructions.size());
        }
        ByteBuffer out = ByteBuffer.allocate(instructions.size() * BpfInstruction.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        instructions.forEach(i -> i.writeTo(out));
        return out.array();
    }
}
