package dev.sluice.httpjob;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads a {@code Retry-After} header: delay-seconds or an HTTP date, cut to {@code [0, max]}. */
final class RetryAfter {
    private RetryAfter() {}

    /** The delay the receiver asked for, or null when it asked for none (or unreadably). */
    static Duration parse(String value, Instant now, Duration max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.matches("[0-9]{1,30}")) {
            if (v.length() > 9) {
                return max;
            }
            return min(Duration.ofSeconds(Long.parseLong(v)), max);
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration until = Duration.between(now, at);
            return until.isNegative() ? Duration.ZERO : min(until, max);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
