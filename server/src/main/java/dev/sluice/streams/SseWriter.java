package dev.sluice.streams;

import dev.sluice.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes server-sent events (text/event-stream) and flushes each one, so it reaches the client now. */
public final class SseWriter {
    private final OutputStream out;

    public SseWriter(OutputStream out) {
        this.out = out;
    }

    /** An event; {@code id} may be null (then the client's Last-Event-ID stays where it was). */
    public void event(String id, String name, Object data) throws IOException {
        StringBuilder frame = new StringBuilder();
        if (id != null) {
            frame.append("id: ").append(id).append('\n');
        }
        frame.append("event: ").append(name).append('\n');
        for (String line : Json.write(data).split("\n", -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        frame.append('\n');
        write(frame.toString());
    }

    /** A comment line: keeps proxies from closing an idle stream. */
    public void comment(String text) throws IOException {
        write(": " + text.replace('\n', ' ') + "\n\n");
    }

    /** How long the client should wait before reconnecting. */
    public void retry(long millis) throws IOException {
        write("retry: " + millis + "\n\n");
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
