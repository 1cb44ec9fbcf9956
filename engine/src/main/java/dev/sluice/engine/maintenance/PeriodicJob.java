package dev.sluice.engine.maintenance;

import dev.sluice.engine.JobRequest;
import java.time.ZoneId;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A job enqueued on a cron schedule, once per period across every process.
 *
 * @param name unique; identifies the schedule across restarts and processes
 */
public record PeriodicJob(String name, CronExpression cron, ZoneId zone, JobRequest request) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,99}");

    public PeriodicJob {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("periodic job name must match " + NAME.pattern() + ": " + name);
        }
        Objects.requireNonNull(cron, "cron");
        zone = zone == null ? ZoneId.of("UTC") : zone;
        Objects.requireNonNull(request, "request");
    }

    public static PeriodicJob of(String name, String cron, JobRequest request) {
        return new PeriodicJob(name, CronExpression.parse(cron), ZoneId.of("UTC"), request);
    }
}
