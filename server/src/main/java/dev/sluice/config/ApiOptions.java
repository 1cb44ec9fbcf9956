package dev.sluice.config;

import java.time.Duration;
import java.util.List;

/**
 * The API's limits and the http job type's allowlist.
 *
 * @param httpAllow hosts the {@code http} job type may deliver to ({@code host}, {@code host:port})
 * @param submitPerMinute default per-user submission rate (token bucket refill per minute)
 * @param submitBurst default per-user burst
 * @param userRunning default per-user running jobs across every worker (0 = no limit)
 * @param sessionTtl how long a browser session lasts without use
 */
public record ApiOptions(List<String> httpAllow, int submitPerMinute, int submitBurst, int userRunning,
        Duration sessionTtl) {
    public static final ApiOptions DEFAULTS = new ApiOptions(List.of(), 600, 60, 4, Duration.ofHours(12));

    public ApiOptions {
        httpAllow = List.copyOf(httpAllow);
        for (String entry : httpAllow) {
            try {
                dev.sluice.httpjob.AllowEntry.parse(entry);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--http-allow", e.getMessage());
            }
        }
        if (submitPerMinute < 1 || submitPerMinute > 1_000_000) {
            throw new ConfigException("--submit-rate", "must be 1-1000000 per minute");
        }
        if (submitBurst < 1 || submitBurst > 1_000_000) {
            throw new ConfigException("--submit-burst", "must be 1-1000000");
        }
        if (userRunning < 0 || userRunning > 100_000) {
            throw new ConfigException("--user-running", "must be 0 (no limit) to 100000");
        }
        if (sessionTtl == null || sessionTtl.compareTo(Duration.ofMinutes(1)) < 0
                || sessionTtl.compareTo(Duration.ofDays(90)) > 0) {
            throw new ConfigException("--session-ttl", "must be between 1m and 90d");
        }
    }

    public ApiOptions withHttpAllow(List<String> value) {
        return new ApiOptions(value, submitPerMinute, submitBurst, userRunning, sessionTtl);
    }

    public ApiOptions withSubmitRate(int perMinute, int burst) {
        return new ApiOptions(httpAllow, perMinute, burst, userRunning, sessionTtl);
    }
}
