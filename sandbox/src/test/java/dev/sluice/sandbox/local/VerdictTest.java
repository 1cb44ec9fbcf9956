package dev.sluice.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.Outcome;
import dev.sluice.sandbox.OutputSink;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class VerdictTest {
    private static final Limits LIMITS = Limits.DEFAULTS;

    private static Verdict exited(int code, long oomKills) {
        return Verdict.of(StopReason.EXITED, OptionalInt.of(code), oomKills, LIMITS, null, null);
    }

    @Test
    void exitCodes() {
        assertThat(exited(0, 0)).isEqualTo(new Verdict(Outcome.SUCCEEDED, 0, null));
        assertThat(exited(1, 0).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(exited(1, 0).exitCode()).isEqualTo(1);
        assertThat(exited(137, 0).detail()).contains("signal 9");
        assertThat(exited(153, 0).detail()).contains("SIGXFSZ", "10 MiB");
    }

    @Test
    void oomKillWinsOverTheExitCodeUnlessTheProgramSucceeded() {
        assertThat(exited(137, 1).outcome()).isEqualTo(Outcome.OUT_OF_MEMORY);
        assertThat(exited(137, 1).exitCode()).isNull();
        assertThat(exited(137, 1).detail()).contains("256 MiB");
        assertThat(exited(0, 1).outcome()).as("a child was OOM-killed but the program coped").isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void sigxcpuIsATimeout() {
        assertThat(exited(128 + 24, 0).outcome()).isEqualTo(Outcome.TIMED_OUT);
    }

    @Test
    void stopsByTheSandbox() {
        assertThat(Verdict.of(StopReason.WALL_LIMIT, OptionalInt.of(137), 0, LIMITS, null, null))
                .isEqualTo(new Verdict(Outcome.TIMED_OUT, null, "killed after the 10 s wall limit"));
        assertThat(Verdict.of(StopReason.CANCELLED, OptionalInt.empty(), 0, LIMITS, null, null).outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(Verdict.of(StopReason.OUTPUT_LIMIT, OptionalInt.empty(), 0, LIMITS, OutputSink.Stream.STDERR, null).detail())
                .isEqualTo("stopped: stderr passed the 64 KiB output limit");
        Verdict sink = Verdict.of(StopReason.SINK_FAILED, OptionalInt.empty(), 0, LIMITS, null, "STDOUT: boom");
        assertThat(sink.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(sink.detail()).contains("boom");
    }

    @Test
    void missingExitCodeIsAnError() {
        assertThat(Verdict.of(StopReason.EXITED, OptionalInt.empty(), 0, LIMITS, null, null).outcome()).isEqualTo(Outcome.ERROR);
    }

    @Test
    void bwrapStatusParsing() {
        BwrapStatus status = BwrapStatus.parse("{ \"child-pid\": 123, \"cgroup-namespace\": 1 }\n{ \"exit-code\": 42 }\n");
        assertThat(status.exitCode()).hasValue(42);
        assertThat(status.childPid()).hasValue(123);
        assertThat(BwrapStatus.parse("").exitCode()).isEmpty();
        assertThat(BwrapStatus.parse("{ \"child-pid\": 9 }").exitCode()).isEmpty();
    }
}
