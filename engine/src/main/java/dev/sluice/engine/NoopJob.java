package dev.sluice.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * The built-in {@code noop} job type: does nothing (optionally for a while, optionally failing), for
 * trying the pipeline end to end, for health checks from outside, and for benchmarks.
 *
 * <p>Payload: any JSON object, with optional {@code sleepMs} (0-600000, interruptible) and
 * {@code fail}: {@code "retry"} (every attempt fails, so the job ends dead after its attempts) or
 * {@code "permanent"} (dead at once). The result echoes the payload.
 */
public final class NoopJob {
    public static final String NAME = "noop";

    private NoopJob() {}

    public static JobType<JsonNode> type() {
        return JobType.named(NAME, JsonNode.class)
                .queue("default")
                .timeout(Duration.ofMinutes(11))
                .backoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)))
                .validator(NoopJob::validate)
                .handler(NoopJob::handle)
                .build();
    }

    private static void validate(JsonNode p) {
        if (!p.isObject()) {
            throw new InvalidJobException("payload", "object", "a noop payload is a JSON object");
        }
        JsonNode sleep = p.get("sleepMs");
        if (sleep != null && (!sleep.canConvertToLong() || sleep.asLong() < 0 || sleep.asLong() > 600_000)) {
            throw new InvalidJobException("payload.sleepMs", "range", "sleepMs must be an integer from 0 to 600000");
        }
        JsonNode fail = p.get("fail");
        if (fail != null && !fail.asText().equals("retry") && !fail.asText().equals("permanent")) {
            throw new InvalidJobException("payload.fail", "enum", "fail must be \"retry\" or \"permanent\"");
        }
    }

    private static Outcome handle(JobContext context, JsonNode p) throws InterruptedException {
        long sleep = p.path("sleepMs").asLong(0);
        if (sleep > 0) {
            Thread.sleep(sleep);
        }
        String fail = p.path("fail").asText("");
        if (fail.equals("permanent")) {
            return new Outcome.Permanent("asked to fail permanently");
        }
        if (fail.equals("retry")) {
            return new Outcome.Retry("asked to fail (attempt " + context.attempt() + ")", null);
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set("echo", p);
        return Outcome.succeeded(result);
    }
}
