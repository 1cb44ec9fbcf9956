package dev.sluice.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink for tests: keeps both streams (bounded), the largest chunk, and signals the first stdout chunk. */
public final class Capture implements OutputSink {
    private static final int KEEP = 4 * 1024 * 1024;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final AtomicInteger largestChunk = new AtomicInteger();
    private final AtomicInteger chunks = new AtomicInteger();
    private final CountDownLatch firstStdout = new CountDownLatch(1);

    @Override
    public synchronized void write(Stream stream, byte[] chunk) {
        ByteArrayOutputStream target = stream == Stream.STDOUT ? stdout : stderr;
        if (target.size() + chunk.length <= KEEP) {
            target.write(chunk, 0, chunk.length);
        }
        largestChunk.accumulateAndGet(chunk.length, Math::max);
        chunks.incrementAndGet();
        if (stream == Stream.STDOUT) {
            firstStdout.countDown();
        }
    }

    public synchronized String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    public synchronized String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    public synchronized byte[] stdoutBytes() {
        return stdout.toByteArray();
    }

    public synchronized int stdoutSize() {
        return stdout.size();
    }

    public synchronized int stderrSize() {
        return stderr.size();
    }

    public int largestChunk() {
        return largestChunk.get();
    }

    public int chunks() {
        return chunks.get();
    }

    public CountDownLatch firstStdout() {
        return firstStdout;
    }
}
