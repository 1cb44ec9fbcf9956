package dev.sluice.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.sluice.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps method + path templates ({@code /api/v1/jobs/{id}}, or a trailing {@code *} for a prefix) to
 * routes, runs the filters, and writes the response. Whatever goes wrong becomes a problem+json
 * answer: 404 and 405 for unknown routes, 4xx for bad input, 500 with an incident id (and the stack
 * trace in the log, never in the response) for a bug.
 */
public final class Router implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private record Entry(String method, String[] segments, boolean prefix, String template, Route route) {}

    /** A documented route, for the OpenAPI check and listings. */
    public record RouteInfo(String method, String template) {}

    private final List<Entry> entries = new ArrayList<>();
    private final List<Filter> filters = new ArrayList<>();
    private final Set<Thread> streaming = ConcurrentHashMap.newKeySet();
    private volatile long maxBodyBytes = 1 << 20;
    private volatile boolean ready = true;

    public Router get(String template, Route route) {
        return add("GET", template, route);
    }

    public Router post(String template, Route route) {
        return add("POST", template, route);
    }

    public Router put(String template, Route route) {
        return add("PUT", template, route);
    }

    public Router patch(String template, Route route) {
        return add("PATCH", template, route);
    }

    public Router delete(String template, Route route) {
        return add("DELETE", template, route);
    }

    public synchronized Router add(String method, String template, Route route) {
        boolean prefix = template.endsWith("/*");
        String path = prefix ? template.substring(0, template.length() - 2) : template;
        entries.add(new Entry(method, split(path), prefix, template, route));
        return this;
    }

    public synchronized Router filter(Filter filter) {
        filters.add(filter);
        return this;
    }

    public Router maxBodyBytes(long bytes) {
        this.maxBodyBytes = bytes;
        return this;
    }

    /** Until ready, every route but /health answers 503: the process is up, its parts are not. */
    public void ready(boolean value) {
        this.ready = value;
    }

    public synchronized List<RouteInfo> routes() {
        return entries.stream().map(e -> new RouteInfo(e.method(), e.template())).toList();
    }

    /** Interrupts every streaming response (SSE) so the server can stop without waiting for them. */
    void interruptStreams() {
        streaming.forEach(Thread::interrupt);
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            Response response;
            try {
                response = dispatch(exchange);
            } catch (ProblemException e) {
                response = new Response.Failure(e.problem(), e.headers());
            } catch (Exception e) {
                if (databaseUnavailable(e)) {
                    log.warn("{} {}: the database is unavailable: {}", exchange.getRequestMethod(),
                            exchange.getRequestURI().getRawPath(), e.getMessage());
                    response = new Response.Failure(Problem.of(503, "Service unavailable",
                            "the database is unreachable; nothing was lost — try again shortly"), Map.of("Retry-After", "5"));
                    write(exchange, response);
                    return;
                }
                String incident = UUID.randomUUID().toString().substring(0, 8);
                log.error("unhandled error on {} {} (incident {})", exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(), incident, e);
                response = Response.problem(Problem.of(500, "Internal error",
                        "something went wrong on our side; the log has the details under incident " + incident)
                        .with("incident", incident));
            }
            drainOrClose(exchange);
            write(exchange, response);
        } catch (IOException e) {
            log.debug("client went away during {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        } catch (RuntimeException e) {
            log.warn("could not write the response to {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        }
    }

    private Response dispatch(HttpExchange exchange) throws Exception {
        String method = exchange.getRequestMethod().toUpperCase();
        String path = exchange.getRequestURI().getRawPath();
        String[] segments = split(path);
        Set<String> allowed = new LinkedHashSet<>();
        Entry match = null;
        Map<String, String> params = null;
        List<Entry> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(entries);
        }
        for (Entry entry : snapshot) {
            Map<String, String> bound = match(entry, segments);
            if (bound == null) {
                continue;
            }
            if (entry.method().equals(method) || (method.equals("HEAD") && entry.method().equals("GET"))) {
                match = entry;
                params = bound;
                break;
            }
            allowed.add(entry.method());
        }
        if (match == null) {
            if (!allowed.isEmpty()) {
                return new Response.Failure(Problem.of(405, "Method not allowed",
                        method + " is not allowed on " + path + "; allowed: " + String.join(", ", allowed)),
                        Map.of("Allow", String.join(", ", allowed)));
            }
            return Response.problem(Problem.of(404, "Not found", "no route for " + method + " " + path));
        }
        if (!ready && !path.startsWith("/health")) {
            return new Response.Failure(Problem.of(503, "Starting", "Sluice is starting or stopping; try again shortly"),
                    Map.of("Retry-After", "1"));
        }
        Request request = new Request(exchange, params, maxBodyBytes);
        request.attribute("route", match.template());
        List<Filter> chain;
        synchronized (this) {
            chain = List.copyOf(filters);
        }
        return chainOf(chain, 0, match.route()).handle(request);
    }

    private static Route chainOf(List<Filter> chain, int index, Route last) {
        if (index == chain.size()) {
            return last;
        }
        Filter filter = chain.get(index);
        Route next = chainOf(chain, index + 1, last);
        return request -> filter.apply(request, next);
    }

    private static Map<String, String> match(Entry entry, String[] segments) {
        String[] pattern = entry.segments();
        if (entry.prefix() ? segments.length < pattern.length : segments.length != pattern.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                String value = decode(segments[i]);
                if (value == null || value.isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), value);
            } else if (!p.equals(segments[i])) {
                return null;
            }
        }
        if (entry.prefix()) {
            params.put("*", String.join("/", java.util.Arrays.copyOfRange(segments, pattern.length, segments.length)));
        }
        return params;
    }

    private static String decode(String segment) {
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String[] split(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/+");
    }

    /** A failure to reach the database (connection refused or lost, pool exhausted): a 503, not a bug. */
    static boolean databaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Reads what is left of the request body (a route may answer without reading it: 404, 413, 401),
     * so the connection can carry the next request. When too much is left, the answer says
     * {@code Connection: close} instead, so no client reuses a connection it cannot.
     */
    private void drainOrClose(HttpExchange exchange) {
        try {
            java.io.InputStream in = exchange.getRequestBody();
            long left = in.skip(DRAIN_LIMIT);
            if (left >= DRAIN_LIMIT && in.read() != -1) {
                exchange.getResponseHeaders().set("Connection", "close");
            }
        } catch (IOException e) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
    }

    private static final long DRAIN_LIMIT = 4L << 20;

    private void write(HttpExchange exchange, Response response) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("X-Content-Type-Options", "nosniff");
        if (!headers.containsKey("Cache-Control")) {
            headers.set("Cache-Control", "no-store");
        }
        response.headers().forEach(headers::set);
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        switch (response) {
            case Response.Json json -> send(exchange, json.status(), "application/json", Json.MAPPER.writeValueAsBytes(json.body()), head);
            case Response.Failure failure -> send(exchange, failure.status(), "application/problem+json",
                    Json.MAPPER.writeValueAsBytes(failure.problem()), head);
            case Response.Bytes bytes -> send(exchange, bytes.status(), bytes.contentType(), bytes.body(), head);
            case Response.Empty empty -> exchange.sendResponseHeaders(empty.status(), -1);
            case Response.Stream stream -> {
                headers.set("Content-Type", stream.contentType());
                exchange.sendResponseHeaders(stream.status(), 0);
                Thread current = Thread.currentThread();
                streaming.add(current);
                try (OutputStream out = exchange.getResponseBody()) {
                    stream.writer().writeTo(out);
                } finally {
                    streaming.remove(current);
                    Thread.interrupted();
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body, boolean head)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (head || status == 204 || status == 304) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
