package dev.sluice.engine;

import java.util.regex.Pattern;

/**
 * One queue served by this process.
 *
 * @param concurrency how many of its jobs this process runs at once
 * @param keyLimit how many jobs sharing a concurrency key may run at once across every process
 *     (null: no limit); a row in {@code sluice.concurrency_limits} overrides it per key
 */
public record QueueConfig(String name, int concurrency, Integer keyLimit) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    public QueueConfig {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("queue name must match " + NAME.pattern() + ": " + name);
        }
        if (concurrency < 1 || concurrency > 10_000) {
            throw new IllegalArgumentException("concurrency of queue " + name + " must be 1-10000, got " + concurrency);
        }
        if (keyLimit != null && keyLimit < 0) {
            throw new IllegalArgumentException("key limit of queue " + name + " must be >= 0");
        }
    }

    public static QueueConfig of(String name, int concurrency) {
        return new QueueConfig(name, concurrency, null);
    }
}
