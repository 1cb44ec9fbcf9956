package dev.sluice.httpjob;

import dev.sluice.Json;
import dev.sluice.engine.JobContext;
import dev.sluice.engine.JobHandler;
import dev.sluice.engine.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;

/**
 * The handler of the {@code http} job type: one delivery per attempt. In order: the URL must still be
 * allowlisted; its host is resolved and every address checked ({@link AddressGuard}); the POST is sent
 * without following redirects; the response becomes an outcome ({@link ResponseOutcomes}). The whole
 * delivery — DNS, connect, send, reading the kept part of the body — has one deadline, and a stop
 * (cancel, the attempt's timeout, shutdown) aborts the exchange at once (the connection is closed).
 *
 * <p>DNS rebinding: the check resolves the name, then the HTTP client resolves it again to connect. Both
 * go through the JVM's address cache (30 s by default), so the second lookup normally returns what was
 * checked; a name whose cache entry expires in the milliseconds between the two — or a JVM run with
 * {@code networkaddress.cache.ttl=0} — can still answer the client differently. Pinning the checked
 * address would need the client to connect to an IP while sending the name as Host and in TLS SNI, which
 * {@link HttpClient} does not allow without global restricted-header switches. Allowlisting names whose
 * DNS you control, or IP entries, closes the window entirely.
 */
final class HttpDelivery implements JobHandler<HttpJobPayload> {
    private static final Executor DNS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("http-job-dns-", 0).factory());

    private final HttpAllowlist allowlist;
    private final HttpJobSettings settings;
    private final HostResolver resolver;
    private final InstantSource clock;
    private final ReentrantLock clientLock = new ReentrantLock();
    private volatile HttpClient client;

    HttpDelivery(HttpAllowlist allowlist, HttpJobSettings settings, HostResolver resolver, InstantSource clock) {
        this.allowlist = allowlist;
        this.settings = settings;
        this.resolver = resolver;
        this.clock = clock;
    }

    @Override
    public Outcome handle(JobContext context, HttpJobPayload payload) throws InterruptedException {
        Destination destination = PayloadRules.destination(payload.url());
        List<AllowEntry> matched = allowlist.matching(destination);
        if (matched.isEmpty()) {
            return new Outcome.Permanent("host " + destination.authority() + " is no longer on the http allowlist");
        }
        Duration timeout = payload.timeoutSeconds() == null ? settings.requestTimeout()
                : Duration.ofSeconds(payload.timeoutSeconds());
        long deadline = System.nanoTime() + timeout.toNanos();
        List<InetAddress> addresses;
        try {
            addresses = resolve(destination, deadline);
        } catch (UnknownHostException e) {
            return new Outcome.Retry("cannot resolve host " + destination.host() + ": " + Text.line(e.getMessage(), 200), null);
        } catch (TimeoutException e) {
            return new Outcome.Retry("resolving host " + destination.host() + " took longer than " + seconds(timeout), null);
        }
        Optional<String> refusal = AddressGuard.refusal(destination, matched, addresses);
        if (refusal.isPresent()) {
            context.log().debug("job {}: {}", context.jobId(), refusal.get()); // the engine logs the dead job with it
            return new Outcome.Permanent(refusal.get());
        }
        return send(context, payload, destination, timeout, deadline);
    }

    private Outcome send(JobContext context, HttpJobPayload payload, Destination destination, Duration timeout,
            long deadline) throws InterruptedException {
        HttpRequest request = request(context, payload, destination, remaining(deadline));
        CompletableFuture<HttpResponse<BoundedBody>> exchange =
                client().sendAsync(request, BoundedBody.handler(settings.bodyLimit()));
        // A stop (cancel, attempt timeout, shutdown) interrupts this thread, which the wait below answers by
        // aborting the exchange. No JobContext.onCancel hook on purpose: the worker runs hooks *before* it
        // interrupts, so a handler that returned from a hook could be interrupted while the worker writes
        // its outcome or hands the job back.
        HttpResponse<BoundedBody> response;
        try {
            response = exchange.get(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (CancellationException e) {
            throw stopped(context);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new Outcome.Retry("no complete response from " + destination.authority() + " within " + seconds(timeout), null);
        } catch (ExecutionException e) {
            if (context.isCancelled()) {
                throw stopped(context); // aborted because the job is stopping: the worker decides what that means
            }
            return failure(e.getCause(), destination, timeout);
        }
        context.log().debug("job {}: HTTP {} from {}", context.jobId(), response.statusCode(), destination.authority());
        return ResponseOutcomes.of(response.statusCode(), response.headers(), response.body(), destination,
                clock.instant(), settings.maxRetryAfter());
    }

    /** Thrown when the job was asked to stop, so that the worker maps its stop reason (cancel, timeout, shutdown). */
    private static InterruptedException stopped(JobContext context) {
        return new InterruptedException("delivery stopped: " + context.stopReason());
    }

    private HttpRequest request(JobContext context, HttpJobPayload payload, Destination destination, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(destination.uri())
                .timeout(timeout)
                .header("User-Agent", settings.userAgent())
                .header("Sluice-Job-Id", Long.toString(context.jobId()))
                .header("Sluice-Attempt", Integer.toString(context.attempt()));
        payload.headers().forEach(builder::header);
        if (payload.body() == null) {
            builder.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(payload.body())));
        }
        return builder.build();
    }

    private List<InetAddress> resolve(Destination destination, long deadline)
            throws UnknownHostException, TimeoutException, InterruptedException {
        if (destination.isAddress()) {
            return List.of(destination.address());
        }
        CompletableFuture<List<InetAddress>> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return resolver.resolve(destination.host());
            } catch (UnknownHostException e) {
                throw new CompletionException(e);
            }
        }, DNS);
        try {
            return lookup.get(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException u) {
                throw u;
            }
            throw new UnknownHostException(destination.host() + ": " + e.getCause());
        }
    }

    /** A delivery that got no response: network trouble is retried, a request the client refuses is not. */
    private static Outcome failure(Throwable error, Destination destination, Duration timeout) {
        String to = destination.authority();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new Outcome.Retry("could not connect to " + to + " in time", null);
            }
            if (t instanceof HttpTimeoutException) {
                return new Outcome.Retry("no response from " + to + " within " + seconds(timeout), null);
            }
            if (t instanceof ConnectException) {
                String why = t.getMessage() == null ? "connection refused" : Text.line(t.getMessage(), 200);
                return new Outcome.Retry("could not connect to " + to + ": " + why, null);
            }
            if (t instanceof SSLException) {
                return new Outcome.Retry("TLS with " + to + " failed: " + Text.line(String.valueOf(t.getMessage()), 300), null);
            }
        }
        if (error instanceof IOException) {
            return new Outcome.Retry("I/O error with " + to + ": " + Text.line(error.toString(), 300), null);
        }
        if (error instanceof IllegalArgumentException) {
            return new Outcome.Permanent("the request to " + to + " is invalid: " + Text.line(error.getMessage(), 300));
        }
        return new Outcome.Retry("delivery to " + to + " failed: " + Text.line(String.valueOf(error), 300), null);
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(1)));
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    /** The one client of this type, built on first delivery (processes that never deliver never build it). */
    private HttpClient client() {
        HttpClient c = client;
        if (c != null) {
            return c;
        }
        clientLock.lock();
        try {
            if (client == null) {
                client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(settings.connectTimeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .proxy(HttpClient.Builder.NO_PROXY)
                        .build();
            }
            return client;
        } finally {
            clientLock.unlock();
        }
    }
}
