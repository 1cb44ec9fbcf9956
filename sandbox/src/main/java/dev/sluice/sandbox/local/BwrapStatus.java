package dev.sluice.sandbox.local;

import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code bwrap --json-status-fd} reported: the host pid of the namespace's init ("child-pid"),
 * and the program's exit code (128 + n when a signal n killed it). The child pid is written before
 * bwrap has finished setting up, so it does not tell a started program from a failed setup; the start
 * marker does ({@link RunDirectory#programStarted()}).
 */
record BwrapStatus(OptionalLong childPid, OptionalInt exitCode) {
    private static final Pattern CHILD_PID = Pattern.compile("\"child-pid\"\\s*:\\s*(\\d{1,10})");
    private static final Pattern EXIT_CODE = Pattern.compile("\"exit-code\"\\s*:\\s*(\\d{1,3})");

    static BwrapStatus parse(String json) {
        Matcher exit = EXIT_CODE.matcher(json);
        Matcher child = CHILD_PID.matcher(json);
        return new BwrapStatus(child.find() ? OptionalLong.of(Long.parseLong(child.group(1))) : OptionalLong.empty(),
                exit.find() ? OptionalInt.of(Integer.parseInt(exit.group(1))) : OptionalInt.empty());
    }
}
