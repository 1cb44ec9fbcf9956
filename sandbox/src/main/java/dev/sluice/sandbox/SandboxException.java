package dev.sluice.sandbox;

import dev.sluice.SluiceException;

/** The runner could not carry out a run for reasons outside the code; the caller may retry. */
public class SandboxException extends SluiceException {
    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
