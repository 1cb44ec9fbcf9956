package dev.sluice.sandbox.local;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code bwrap --json-status-fd} reported: the program's exit code (128 + n when a signal n
 * killed it). Its "child-pid" is written before bwrap has finished setting up, so it does not tell a
 * started program from a failed setup; the start marker does ({@link RunDirectory#programStarted()}).
 */
record BwrapStatus(OptionalInt exitCode) {
    private static final Pattern EXIT_CODE = Pattern.compile("\"exit-code\"\\s*:\\s*(\\d{1,3})");

    static BwrapStatus parse(String json) {
        Matcher exit = EXIT_CODE.matcher(json);
        return new BwrapStatus(exit.find() ? OptionalInt.of(Integer.parseInt(exit.group(1))) : OptionalInt.empty());
    }
}
