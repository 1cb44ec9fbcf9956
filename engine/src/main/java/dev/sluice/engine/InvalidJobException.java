package dev.sluice.engine;

import dev.sluice.SluiceException;

/** An enqueue rejected before anything was stored, naming the field and the rule it broke. */
public class InvalidJobException extends SluiceException {
    private final String field;
    private final String rule;

    public InvalidJobException(String field, String rule, String message) {
        super(message);
        this.field = field;
        this.rule = rule;
    }

    /** The request field, e.g. "maxAttempts" or "payload.url". */
    public String field() {
        return field;
    }

    /** The rule, e.g. "range", "required", "known-type". */
    public String rule() {
        return rule;
    }
}
