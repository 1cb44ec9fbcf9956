package dev.sluice.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** What a route answers. The router writes it; a {@link Stream} writes itself, for as long as it needs. */
public sealed interface Response {

    int status();

    Map<String, String> headers();

    /** A JSON body (any Jackson-serialisable value). */
    record Json(int status, Object body, Map<String, String> headers) implements Response {}

    /** A body of bytes with its content type. */
    record Bytes(int status, String contentType, byte[] body, Map<String, String> headers) implements Response {}

    /** No body. */
    record Empty(int status, Map<String, String> headers) implements Response {}

    /** An RFC 9457 problem. */
    record Failure(Problem problem, Map<String, String> headers) implements Response {
        @Override
        public int status() {
            return problem.status();
        }
    }

    /** A streamed body (chunked), e.g. server-sent events. */
    record Stream(int status, String contentType, Map<String, String> headers, Writer writer) implements Response {}

    @FunctionalInterface
    interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    static Response json(int status, Object body) {
        return new Json(status, body, Map.of());
    }

    static Response ok(Object body) {
        return json(200, body);
    }

    static Response empty(int status) {
        return new Empty(status, Map.of());
    }

    static Response problem(Problem problem) {
        return new Failure(problem, Map.of());
    }

    static Response bytes(int status, String contentType, byte[] body) {
        return new Bytes(status, contentType, body, Map.of());
    }
}
