package dev.sluice.kubernetes;

import dev.sluice.sandbox.OutputSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a run wrote, per stream, and the size of each chunk. */
final class CollectingSink implements OutputSink {
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final List<Integer> chunkSizes = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void write(Stream stream, byte[] chunk) {
        chunkSizes.add(chunk.length);
        (stream == Stream.STDOUT ? stdout : stderr).writeBytes(chunk);
    }

    synchronized String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    synchronized int stdoutBytes() {
        return stdout.size();
    }

    synchronized int stderrBytes() {
        return stderr.size();
    }
}
