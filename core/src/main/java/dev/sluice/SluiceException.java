package dev.sluice;

import java.util.Optional;

/**
 * The one unchecked exception root of Sluice. Every error a person may see carries a message that
 * names the problem and, where one exists, a {@link #fix() fix}: what to do about it. The CLI prints
 * both on one line; the HTTP layer never shows these to a client unless they are meant for it.
 */
public class SluiceException extends RuntimeException {
    private final String fix;

    public SluiceException(String message) {
        this(message, null, null);
    }

    public SluiceException(String message, String fix) {
        this(message, fix, null);
    }

    public SluiceException(String message, String fix, Throwable cause) {
        super(message, cause);
        this.fix = fix;
    }

    /** What the person reading the message should do, if Sluice knows. */
    public Optional<String> fix() {
        return Optional.ofNullable(fix);
    }

    /** The message and the fix as one line, for a terminal. */
    public String oneLine() {
        return fix == null ? getMessage() : getMessage() + " — " + fix;
    }
}
