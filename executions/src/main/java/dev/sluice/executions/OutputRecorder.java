package dev.sluice.executions;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.engine.JobContext;
import dev.sluice.sandbox.OutputSink;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Records a run's output twice: live, as {@code output} events on the job's trail (coalesced: at most
 * every 50 ms or 8 KiB, so a chatty program cannot flood the database), and whole, for the result.
 * Bytes are decoded as UTF-8 across chunk boundaries (a character split between two reads is not
 * broken); invalid bytes become U+FFFD. The runner already caps what it passes per stream.
 */
final class OutputRecorder implements OutputSink, AutoCloseable {
    static final Duration FLUSH_EVERY = Duration.ofMillis(50);
    static final int FLUSH_AT_CHARS = 8 * 1024;

    private final JobContext context;
    private final Map<Stream, StreamState> streams = new EnumMap<>(Stream.class);
    private final Thread flusher;
    private volatile boolean closed;

    private static final class StreamState {
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer leftover = ByteBuffer.allocate(0);
        final StringBuilder pending = new StringBuilder();
        final StringBuilder all = new StringBuilder();
    }

    OutputRecorder(JobContext context) {
        this.context = context;
        streams.put(Stream.STDOUT, new StreamState());
        streams.put(Stream.STDERR, new StreamState());
        this.flusher = Thread.ofVirtual().name("output-" + context.jobId()).start(this::flushLoop);
    }

    @Override
    public void write(Stream stream, byte[] chunk) {
        StreamState s = streams.get(stream);
        String text;
        synchronized (s) {
            text = decode(s, chunk, false);
            s.all.append(text);
            s.pending.append(text);
        }
        if (s.pending.length() >= FLUSH_AT_CHARS) {
            flush(stream);
        }
    }

    /** Everything written to {@code stream}, decoded. */
    String text(Stream stream) {
        StreamState s = streams.get(stream);
        synchronized (s) {
            return s.all.toString();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        flusher.interrupt();
        try {
            flusher.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Stream stream : Stream.values()) {
            StreamState s = streams.get(stream);
            synchronized (s) {
                String tail = decode(s, new byte[0], true);
                s.all.append(tail);
                s.pending.append(tail);
            }
            flush(stream);
        }
    }

    private void flushLoop() {
        while (!closed) {
            try {
                Thread.sleep(FLUSH_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            flush(Stream.STDOUT);
            flush(Stream.STDERR);
        }
    }

    private void flush(Stream stream) {
        StreamState s = streams.get(stream);
        String text;
        synchronized (s) {
            if (s.pending.isEmpty()) {
                return;
            }
            text = s.pending.toString();
            s.pending.setLength(0);
        }
        context.event("output", null, JsonNodeFactory.instance.objectNode()
                .put("stream", stream.name().toLowerCase()).put("text", text));
    }

    private static String decode(StreamState s, byte[] chunk, boolean end) {
        ByteBuffer in = ByteBuffer.allocate(s.leftover.remaining() + chunk.length);
        in.put(s.leftover).put(chunk).flip();
        CharBuffer out = CharBuffer.allocate((int) (in.remaining() * 1.1) + 16);
        s.decoder.decode(in, out, end);
        if (end) {
            s.decoder.flush(out);
        }
        s.leftover = in.slice();
        out.flip();
        return out.toString();
    }
}
