package dev.sluice.sandbox.local;

import dev.sluice.sandbox.OutputSink;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one output pipe to the sink in chunks of at most {@link #CHUNK} bytes, as they arrive, and at
 * most {@code limit} bytes in all. Past the limit it tells the run once and keeps reading only to
 * throw the rest away, so the program never blocks on a full pipe before it is killed. Memory is one
 * fixed buffer, whatever the program writes (a 100 MB line included). The first bytes are also kept
 * (bounded) for diagnosing a sandbox that failed to start.
 */
final class OutputPump implements Runnable {
    static final int CHUNK = 64 * 1024;
    static final int HEAD = 2048;
    private static final Logger log = LoggerFactory.getLogger(OutputPump.class);

    /** What the run hears from a pump. */
    interface Listener {
        void outputLimitReached(OutputSink.Stream stream);

        void sinkFailed(OutputSink.Stream stream, RuntimeException failure);
    }

    private final InputStream in;
    private final OutputSink.Stream stream;
    private final long limit;
    private final OutputSink sink;
    private final Listener listener;
    private final byte[] head = new byte[HEAD];
    private volatile int headLength;
    private volatile long delivered;
    private volatile boolean truncated;

    OutputPump(InputStream in, OutputSink.Stream stream, long limit, OutputSink sink, Listener listener) {
        this.in = in;
        this.stream = stream;
        this.limit = limit;
        this.sink = sink;
        this.listener = listener;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[CHUNK];
        boolean forwarding = true;
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                keepHead(buffer, n);
                if (!forwarding || n == 0) {
                    continue;
                }
                long room = limit - delivered;
                int take = (int) Math.min(n, room);
                if (take > 0 && !deliver(Arrays.copyOf(buffer, take))) {
                    forwarding = false;
                    continue;
                }
                delivered += take;
                if (n > room) {
                    truncated = true;
                    forwarding = false;
                    listener.outputLimitReached(stream);
                }
            }
        } catch (IOException e) {
            log.debug("{} pipe closed while reading: {}", stream, e.toString());
        }
    }

    private boolean deliver(byte[] chunk) {
        try {
            sink.write(stream, chunk);
            return true;
        } catch (RuntimeException e) {
            listener.sinkFailed(stream, e);
            return false;
        }
    }

    private void keepHead(byte[] buffer, int n) {
        int length = headLength;
        if (length < HEAD) {
            int take = Math.min(n, HEAD - length);
            System.arraycopy(buffer, 0, head, length, take);
            headLength = length + take;
        }
    }

    boolean truncated() {
        return truncated;
    }

    long delivered() {
        return delivered;
    }

    /** The first bytes read (at most {@link #HEAD}), delivered or not. */
    byte[] head() {
        return Arrays.copyOf(head, headLength);
    }
}
