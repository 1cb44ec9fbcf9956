package dev.sluice.http;

import dev.sluice.SluiceException;

/** Thrown anywhere below a route to answer with a problem; the router turns it into the response. */
public class ProblemException extends SluiceException {
    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title() + ": " + problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of(404, "Not found", what));
    }

    public static ProblemException badRequest(String field, String rule, String detail) {
        return new ProblemException(Problem.invalid(field, rule, detail));
    }
}
