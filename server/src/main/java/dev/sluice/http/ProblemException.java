package dev.sluice.http;

import dev.sluice.SluiceException;
import java.time.Duration;
import java.util.Map;

/** Thrown anywhere below a route to answer with a problem; the router turns it into the response. */
public class ProblemException extends SluiceException {
    private final Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.title() + ": " + problem.detail());
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public Problem problem() {
        return problem;
    }

    /** Headers that go with the problem, e.g. Retry-After or WWW-Authenticate. */
    public Map<String, String> headers() {
        return headers;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of(404, "Not found", what));
    }

    public static ProblemException badRequest(String field, String rule, String detail) {
        return new ProblemException(Problem.invalid(field, rule, detail));
    }

    /** 429 with Retry-After in whole seconds (at least 1). */
    public static ProblemException tooMany(String detail, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ProblemException(Problem.of(429, "Too many requests", detail).with("retryAfterSeconds", seconds),
                Map.of("Retry-After", Long.toString(seconds)));
    }
}
