package dev.sluice.engine.diagnosis;

/**
 * One thing wrong (or worth knowing), said so a person can act on it.
 *
 * @param code a stable name, e.g. {@code queue_unserved}, for machines and tests
 * @param queue the queue it is about, or null
 * @param message what is wrong, with the numbers, e.g. "12 jobs queued on 'executions' for 4m, no live
 *     worker serves it"
 * @param fix what to do, e.g. "start one: ./sluice serve --role worker"
 */
public record Finding(Severity severity, String code, String queue, String message, String fix) {

    public enum Severity {
        /** Work is stuck or will be: someone must act. */
        CRITICAL,
        /** Work is slow or failing: look soon. */
        WARNING,
        /** Worth knowing; nothing is stuck. */
        INFO
    }

    /** Message and fix on one line. */
    public String line() {
        return fix == null ? message : message + " — " + fix;
    }
}
