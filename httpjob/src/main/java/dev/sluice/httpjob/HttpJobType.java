package dev.sluice.httpjob;

import dev.sluice.engine.JobType;
import java.time.InstantSource;

/**
 * The built-in {@code http} job type: POSTs its payload to an allowlisted URL. Register the returned
 * type in every role (the API needs its validator to reject bad URLs at enqueue; workers run it).
 *
 * <pre>{@code
 * MutableAllowlist admin = new MutableAllowlist();          // changed at run time, e.g. from a table
 * HttpAllowlist allowlist = HttpAllowlist.union(HttpAllowlist.parse(flagOrEnv), admin);
 * JobType<HttpJobPayload> http = HttpJobType.create(allowlist, HttpJobSettings.defaults(version));
 * }</pre>
 *
 * Each returned type owns one {@link java.net.http.HttpClient} (HTTP/1.1, no redirects, no proxy),
 * built on its first delivery.
 */
public final class HttpJobType {
    /** The type's name, as in {@code {"type": "http", …}}. */
    public static final String NAME = "http";

    private HttpJobType() {}

    public static JobType<HttpJobPayload> create(HttpAllowlist allowlist, HttpJobSettings settings) {
        return create(allowlist, settings, HostResolver.SYSTEM, InstantSource.system());
    }

    static JobType<HttpJobPayload> create(HttpAllowlist allowlist, HttpJobSettings settings, HostResolver resolver,
            InstantSource clock) {
        if (allowlist == null || settings == null) {
            throw new IllegalArgumentException("allowlist and settings are required");
        }
        return JobType.named(NAME, HttpJobPayload.class)
                .queue(settings.queue())
                .maxAttempts(settings.maxAttempts())
                .timeout(settings.jobTimeout())
                .backoff(settings.backoff())
                .validator(new PayloadRules(allowlist, settings))
                .handler(new HttpDelivery(allowlist, settings, resolver, clock))
                .build();
    }
}
