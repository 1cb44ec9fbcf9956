package dev.sluice.kubernetes.run;

import dev.sluice.kubernetes.pod.Labels;
import dev.sluice.sandbox.OutputSink;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a pod's log into the {@link OutputSink} on its own thread, never more than the cap. It asks the API
 * for at most cap + 1 bytes ({@code limitBytes}): receiving the extra byte is how it knows the program wrote
 * too much, and then it stops and tells the run loop, which deletes the pod.
 *
 * <p>Kubernetes merges a container's stdout and stderr into one log, in the order written; that whole log is
 * delivered as {@link OutputSink.Stream#STDOUT} and the cap applies to it (see the module's README).
 *
 * <p>If the stream breaks (not a clean end), it reconnects up to three times and skips what it already
 * delivered: a container log is append-only, so the same prefix comes again.
 */
final class LogPump {
    private static final Logger log = LoggerFactory.getLogger(LogPump.class);
    private static final int CHUNK = 64 * 1024;
    private static final int MAX_RECONNECTS = 3;
    private static final int MAX_NOT_STARTED = 25;

    private final KubernetesClient client;
    private final String namespace;
    private final String podName;
    private final long cap;
    private final OutputSink sink;
    private final Runnable onOverLimit;
    private final Duration openTimeout;
    private volatile boolean closed;
    private volatile boolean podEnded;
    private volatile boolean overLimit;
    private volatile String problem;
    private volatile InputStream current;
    private long delivered;
    private Thread thread;

    LogPump(KubernetesClient client, String namespace, String podName, long cap, OutputSink sink,
            Runnable onOverLimit, Duration openTimeout) {
        this.client = client;
        this.namespace = namespace;
        this.podName = podName;
        this.cap = cap;
        this.sink = sink;
        this.onOverLimit = onOverLimit;
        this.openTimeout = openTimeout;
    }

    void start() {
        thread = Thread.ofVirtual().name("sluice-k8s-log-" + podName).start(this::pump);
    }

    /** The pod has ended: a log that cannot be opened now never will be (the container never started). */
    void podEnded() {
        podEnded = true;
    }

    boolean overLimit() {
        return overLimit;
    }

    /** Why output may be missing (the stream broke for good), or null. */
    String problem() {
        return problem;
    }

    /** Waits for the stream to end by itself; false when it did not within {@code max}. */
    boolean awaitEnd(Duration max) throws InterruptedException {
        return thread.join(max);
    }

    /** Stops reading and waits briefly for the thread to go. */
    void close() throws InterruptedException {
        closed = true;
        closeQuietly(current);
        if (thread != null && !thread.join(Duration.ofSeconds(5))) {
            log.warn("log reader of {} did not stop within 5 s", podName);
        }
    }

    private void pump() {
        int reconnects = 0;
        int notStarted = 0;
        while (!closed) {
            try {
                InputStream in = open();
                if (in == null) { // the container has not started yet: the kubelet answers 400
                    if (podEnded) {
                        return;
                    }
                    if (++notStarted > MAX_NOT_STARTED) {
                        problem = "the container log could not be opened";
                        return;
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                    continue;
                }
                current = in;
                try (in) {
                    if (copy(in)) {
                        return;
                    }
                }
            } catch (SinkFailed e) {
                problem = "the output sink failed: " + e.getCause();
                log.warn("log of {}: {}", podName, problem, e.getCause());
                return;
            } catch (IOException | UncheckedIOException | io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (closed) {
                    return;
                }
                if (++reconnects > MAX_RECONNECTS) {
                    problem = "the log stream broke after " + delivered + " bytes: " + e.getMessage();
                    log.warn("log of {}: {}", podName, problem);
                    return;
                }
                log.debug("log of {} broke after {} bytes, reconnecting", podName, delivered, e);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200L << reconnects));
            }
        }
    }

    /** Copies until the end of the stream; true when done for good (ended, or over the cap). */
    private boolean copy(InputStream in) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long position = 0; // bytes of this connection read so far; the first `delivered` were sent before
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (closed) {
                return true;
            }
            int from = (int) Math.max(0, Math.min(n, delivered - position));
            position += n;
            int fresh = n - from;
            if (fresh == 0) {
                continue;
            }
            long room = cap - delivered;
            int send = (int) Math.min(fresh, room);
            if (send > 0) {
                try {
                    sink.write(OutputSink.Stream.STDOUT, Arrays.copyOfRange(buffer, from, from + send));
                } catch (RuntimeException e) {
                    throw new SinkFailed(e);
                }
                delivered += send;
            }
            if (fresh > send) {
                overLimit = true;
                onOverLimit.run();
                return true;
            }
        }
        return true;
    }

    /** The follow stream, or null when the kubelet says the container has not started yet. */
    private InputStream open() throws IOException {
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder()
                .url(logUrl())
                .timeout(openTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.sendAsync(request, InputStream.class)
                    .get(openTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("cannot open the log of " + podName + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("opening the log of " + podName + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            throw new IOException("interrupted", e);
        }
        if (response.isSuccessful()) {
            return response.body();
        }
        String text = errorText(response.body());
        if (response.code() == 400) {
            log.debug("log of {} not ready: {}", podName, text);
            return null;
        }
        throw new IOException("the log of " + podName + " answered " + response.code() + ": " + text);
    }

    private URL logUrl() throws IOException {
        String base = client.getMasterUrl().toString();
        String path = "api/v1/namespaces/" + namespace + "/pods/" + podName + "/log?container=" + Labels.CONTAINER
                + "&follow=true&limitBytes=" + (cap + 1);
        return URI.create(base.endsWith("/") ? base + path : base + "/" + path).toURL();
    }

    private static String errorText(InputStream body) {
        if (body == null) {
            return "";
        }
        try (body) {
            return new String(body.readNBytes(2048), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            log.debug("closing a log stream failed", e);
        }
    }

    /** The caller's sink threw: no reconnect can help, the output stops there. */
    private static final class SinkFailed extends RuntimeException {
        SinkFailed(RuntimeException cause) {
            super(cause);
        }
    }
}
