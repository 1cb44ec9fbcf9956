package dev.sluice.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Json;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A kind of job: its name, its payload type and validation, its defaults and retry policy, and (in
 * processes that run workers) its handler. Every role registers the same types, so the API can
 * reject a bad payload at enqueue; only workers call the handler.
 */
public final class JobType<P> {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,99}");
    private static final Pattern QUEUE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    private final String name;
    private final Class<P> payloadType;
    private final String queue;
    private final int maxAttempts;
    private final Duration timeout;
    private final Backoff backoff;
    private final Consumer<P> validator;
    private final JobHandler<P> handler;

    private JobType(Builder<P> b) {
        this.name = b.name;
        this.payloadType = b.payloadType;
        this.queue = b.queue;
        this.maxAttempts = b.maxAttempts;
        this.timeout = b.timeout;
        this.backoff = b.backoff;
        this.validator = b.validator;
        this.handler = b.handler;
    }

    public static <P> Builder<P> named(String name, Class<P> payloadType) {
        return new Builder<>(name, payloadType);
    }

    public String name() {
        return name;
    }

    public String queue() {
        return queue;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration timeout() {
        return timeout;
    }

    public Backoff backoff() {
        return backoff;
    }

    public JobHandler<P> handler() {
        return handler;
    }

    /** Binds and validates a payload; an {@link InvalidJobException} names what is wrong. */
    public P payload(JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            throw new InvalidJobException("payload", "required", "payload is required");
        }
        P value;
        try {
            value = payloadType == JsonNode.class ? payloadType.cast(json) : Json.MAPPER.treeToValue(json, payloadType);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new InvalidJobException("payload", "type", "payload does not fit type " + name + ": " + firstLine(detail));
        }
        try {
            validator.accept(value);
        } catch (InvalidJobException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException("payload", "valid", e.getMessage());
        }
        return value;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    public static final class Builder<P> {
        private final String name;
        private final Class<P> payloadType;
        private String queue = "default";
        private int maxAttempts = 3;
        private Duration timeout = Duration.ofMinutes(5);
        private Backoff backoff = Backoff.DEFAULT;
        private Consumer<P> validator = p -> { };
        private JobHandler<P> handler;

        private Builder(String name, Class<P> payloadType) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("job type name must match " + NAME.pattern() + ": " + name);
            }
            this.name = name;
            this.payloadType = Objects.requireNonNull(payloadType);
        }

        public Builder<P> queue(String value) {
            if (!QUEUE.matcher(value).matches()) {
                throw new IllegalArgumentException("queue name must match " + QUEUE.pattern() + ": " + value);
            }
            this.queue = value;
            return this;
        }

        public Builder<P> maxAttempts(int value) {
            if (value < 1 || value > 1000) {
                throw new IllegalArgumentException("maxAttempts must be 1-1000");
            }
            this.maxAttempts = value;
            return this;
        }

        public Builder<P> timeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = value;
            return this;
        }

        public Builder<P> backoff(Backoff value) {
            this.backoff = Objects.requireNonNull(value);
            return this;
        }

        /** Throws IllegalArgumentException (or InvalidJobException naming a field) for a bad payload. */
        public Builder<P> validator(Consumer<P> value) {
            this.validator = Objects.requireNonNull(value);
            return this;
        }

        public Builder<P> handler(JobHandler<P> value) {
            this.handler = Objects.requireNonNull(value);
            return this;
        }

        public JobType<P> build() {
            return new JobType<>(this);
        }
    }
}
