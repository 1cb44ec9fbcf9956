package dev.sluice.sandbox.local;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code bwrap --json-status-fd} reported: the child's pid once the sandbox was set up (so its
 * absence means bwrap itself failed), then the program's exit code (128 + n when a signal n killed it).
 */
record BwrapStatus(boolean started, OptionalInt exitCode) {
    private static final Pattern CHILD_PID = Pattern.compile("\"child-pid\"\\s*:\\s*\\d+");
    private static final Pattern EXIT_CODE = Pattern.compile("\"exit-code\"\\s*:\\s*(\\d{1,3})");

    static BwrapStatus parse(String json) {
        Matcher exit = EXIT_CODE.matcher(json);
        return new BwrapStatus(CHILD_PID.matcher(json).find(),
                exit.find() ? OptionalInt.of(Integer.parseInt(exit.group(1))) : OptionalInt.empty());
    }
}
