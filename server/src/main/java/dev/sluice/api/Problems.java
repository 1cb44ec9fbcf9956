package dev.sluice.api;

import dev.sluice.engine.InvalidJobException;
import dev.sluice.http.ProblemException;

/** Small helpers that turn bad input into problems naming the field. */
final class Problems {
    private Problems() {}

    static ProblemException invalid(InvalidJobException e) {
        return ProblemException.badRequest(e.field(), e.rule(), e.getMessage());
    }

    static int intParam(String name, String value, int min, int max) {
        try {
            long v = Long.parseLong(value);
            if (v >= min && v <= max) {
                return (int) v;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the problem below
        }
        throw ProblemException.badRequest(name, "range", name + " must be an integer between " + min + " and " + max);
    }
}
