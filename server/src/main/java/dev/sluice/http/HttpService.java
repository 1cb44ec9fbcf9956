package dev.sluice.http;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.SluiceException;
import dev.sluice.lifecycle.Service;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: the JDK's, one virtual thread per exchange. {@link #bind()} takes the port early,
 * before anything else starts, so a port in use fails the boot at once and creates nothing; requests
 * wait in the backlog until {@link #start()}. {@link #stop()} closes the listener, ends live streams,
 * and waits a short grace for requests in flight.
 */
public final class HttpService implements Service {
    private static final Logger log = LoggerFactory.getLogger(HttpService.class);

    static {
        // Small responses must not wait for Nagle + delayed ACK (~40 ms on keep-alive connections).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final String bind;
    private final int requestedPort;
    private final Router router;
    private final Duration stopGrace;
    private HttpServer server;
    private ExecutorService executor;
    private boolean started;

    public HttpService(String bind, int port, Router router, Duration stopGrace) {
        this.bind = bind;
        this.requestedPort = port;
        this.router = router;
        this.stopGrace = stopGrace;
    }

    @Override
    public String name() {
        return "http";
    }

    /** Takes the port. Idempotent. */
    public synchronized void bind() {
        if (server != null) {
            return;
        }
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(bind), requestedPort);
        } catch (UnknownHostException e) {
            throw new SluiceException("cannot bind HTTP to " + bind + ": unknown address", "set --bind to an address of this machine, e.g. 127.0.0.1 or 0.0.0.0");
        }
        try {
            server = HttpServer.create(address, 512);
        } catch (BindException e) {
            throw new SluiceException("port " + requestedPort + " on " + bind + " is already in use" + detail(e),
                    "stop what uses it, or choose another port with --port");
        } catch (IOException e) {
            throw new SluiceException("cannot listen on " + bind + ":" + requestedPort + ": " + e.getMessage(),
                    "check --bind and --port");
        }
        server.createContext("/", router);
    }

    private static String detail(BindException e) {
        String message = e.getMessage();
        return message == null || message.toLowerCase().contains("already in use") ? "" : " (" + message + ")";
    }

    @Override
    public synchronized void start() {
        bind();
        if (started) {
            return;
        }
        executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 0).factory());
        server.setExecutor(executor);
        server.start();
        started = true;
        log.debug("HTTP listening on {}:{}", bind, port());
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        router.ready(false);
        router.interruptStreams();
        if (started) {
            server.stop((int) Math.max(0, stopGrace.toSeconds()));
            executor.shutdownNow();
            try {
                if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                    log.warn("some HTTP requests were still running after the grace; abandoned");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            server.stop(0);
        }
        server = null;
        started = false;
    }

    /** The port actually bound (differs from the requested one when that was 0). */
    public synchronized int port() {
        return server == null ? requestedPort : server.getAddress().getPort();
    }

    public String bindAddress() {
        return bind;
    }

    public Router router() {
        return router;
    }
}
