package dev.sluice.httpjob;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HTTP server on 127.0.0.1 with a scripted answer per path: the n-th request to a path gets the
 * n-th answer (the last one repeats). It records every request it receives.
 */
final class TestServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TestServer.class);

    /** One answer to one request. */
    @FunctionalInterface
    interface Answer {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    /** A request as received. */
    record Received(String method, String path, Map<String, List<String>> headers, String body, long atNanos) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<String, List<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    TestServer on(String path, Answer... answers) {
        scripts.put(path, List.of(answers));
        return this;
    }

    List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    static Answer status(int status, String contentType, String body, String... headers) {
        return exchange -> {
            for (int i = 0; i + 1 < headers.length; i += 2) {
                exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (contentType != null) {
                exchange.getResponseHeaders().add("Content-Type", contentType);
            }
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    /** Never answers (until the server closes). */
    Answer hang() {
        return exchange -> closing.await();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body,
                System.nanoTime()));
        List<Answer> script = scripts.getOrDefault(path, List.of(status(404, "text/plain", "no script for " + path)));
        int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).getAndIncrement();
        try {
            script.get(Math.min(n, script.size() - 1)).answer(exchange);
        } catch (IOException e) {
            log.debug("the client went away while {} was being answered: {}", path, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.close();
    }
}
