package dev.sluice.metrics;

import dev.sluice.http.Filter;
import dev.sluice.http.Request;
import dev.sluice.http.Response;
import dev.sluice.http.Route;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Prometheus registry of one process: JVM and process metrics, HTTP request timings by route,
 * and whatever the parts register (engine counters, pool metrics, queue gauges). Served at
 * {@code /metrics} in the Prometheus text format.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<Runnable> beforeScrape = new ArrayList<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Runs {@code refresh} before each scrape (e.g. reloading queue gauges when stale). */
    public void beforeScrape(Runnable refresh) {
        beforeScrape.add(refresh);
    }

    public void register(dev.sluice.api.Api api) {
        api.route("GET", "/metrics", this::scrape).tag("health").isPublic()
                .summary("Prometheus metrics: queues, jobs, HTTP, JVM, pool").response(200, null).add();
        api.router().filter(new RequestTimer());
    }

    private Response scrape(Request request) {
        beforeScrape.forEach(Runnable::run);
        return new Response.Bytes(200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape().getBytes(StandardCharsets.UTF_8), java.util.Map.of());
    }

    public void close() {
        gc.close();
        registry.close();
    }

    /** Times every request by method, route template (never the raw path) and status. */
    private final class RequestTimer implements Filter {
        @Override
        public Response apply(Request request, Route next) throws Exception {
            long begin = System.nanoTime();
            int status = 500;
            try {
                Response response = next.handle(request);
                status = response.status();
                return response;
            } catch (dev.sluice.http.ProblemException e) {
                status = e.problem().status();
                throw e;
            } finally {
                Timer.builder("http.server.requests")
                        .tag("method", request.method())
                        .tag("route", request.<String>attribute("route").orElse("unknown"))
                        .tag("status", Integer.toString(status))
                        .register(registry)
                        .record(System.nanoTime() - begin, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }
    }
}
