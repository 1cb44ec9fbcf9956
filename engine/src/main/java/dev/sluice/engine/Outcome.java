package dev.sluice.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** What a handler decided. Handled in one exhaustive switch by the worker. */
public sealed interface Outcome {

    /** Done; the result (bounded JSON, may be null) is kept with the job. */
    record Succeeded(JsonNode result) implements Outcome {}

    /** This attempt failed; retry after the delay (or the type's backoff when null), if attempts remain. */
    record Retry(String reason, Duration delay) implements Outcome {}

    /** Will never succeed (poison input): dead at once, without burning the remaining attempts. */
    record Permanent(String reason) implements Outcome {}

    /** The handler stopped because the job was cancelled; what it did so far may be kept as the result. */
    record Cancelled(String reason, JsonNode result) implements Outcome {
        public Cancelled(String reason) {
            this(reason, null);
        }
    }

    static Outcome succeeded(JsonNode result) {
        return new Succeeded(result);
    }

    static Outcome succeeded() {
        return new Succeeded(null);
    }
}
