package dev.sluice.engine;

import dev.sluice.SluiceException;

/** Thrown by a handler for input that can never succeed: the job goes to the dead letters at once. */
public class PermanentJobException extends SluiceException {
    public PermanentJobException(String message) {
        super(message);
    }

    public PermanentJobException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
