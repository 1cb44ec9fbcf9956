package dev.sluice.engine;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: attempt n waits about {@code base × 2^(n-1)}, capped at {@code max},
 * spread over [½, 1] of that so that a burst of failures does not retry in lockstep (no retry storm).
 */
public record Backoff(Duration base, Duration max) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10));

    public Backoff {
        if (base == null || base.isNegative() || max == null || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= base <= max");
        }
    }

    /** The delay before the attempt after {@code failedAttempt} (1-based). */
    public Duration delay(int failedAttempt, RandomGenerator random) {
        int exponent = Math.max(0, Math.min(failedAttempt - 1, 30));
        long ceiling = Math.min(max.toMillis(), base.toMillis() * (1L << exponent));
        long half = ceiling / 2;
        return Duration.ofMillis(half + (half == 0 ? 0 : random.nextLong(ceiling - half + 1)));
    }
}
