package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command-line client verbs against a running server, with a token from the environment. */
class ClientVerbsTest {
    static ApiServer server;

    @BeforeAll
    static void start() {
        server = new ApiServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Run(int code, String out, String err) {}

    private Run sluice(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = Map.of("SLUICE_TOKEN", server.aliceToken,
                "SLUICE_SERVER", "http://127.0.0.1:" + server.sluice.port());
        int code = Cli.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void submitAndFollowPrintsTheEventsAndExitsZeroWhenTheJobSucceeds() {
        Run run = sluice("submit", "--type", "noop", "--payload", "{\"n\":1}", "--follow");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("enqueued").contains("started (attempt 1)").contains("succeeded")
                .contains("finished: succeeded");
    }

    @Test
    void aJobThatDiesMakesFollowExitNonZeroAndRedriveQueuesItAgain() {
        Run run = sluice("submit", "--type", "noop", "--payload", "{\"fail\":\"permanent\"}", "--follow");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("finished: dead");
        String id = run.out().lines().findFirst().orElseThrow().split("\\s+")[0];
        Run redrive = sluice("redrive", id);
        assertThat(redrive.code()).as(redrive.err()).isZero();
        assertThat(redrive.out()).contains("redriven: [" + id + "]");
        assertThat(sluice("jobs", "--limit", "50").out()).contains(id);
    }

    @Test
    void cancelAndErrorsAreOneLine() {
        Run submitted = sluice("submit", "--type", "noop", "--payload", "{\"sleepMs\":60000}");
        String id = submitted.out().strip().split("\\s+")[0];
        Run cancel = sluice("cancel", id);
        assertThat(cancel.out()).containsAnyOf(id + ": cancelled", id + ": requested");

        Run bad = sluice("submit", "--type", "noop", "--payload", "{\"sleepMs\":-1}");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err().strip()).doesNotContain("\n").contains("400").contains("field payload.sleepMs");

        Run notJson = sluice("submit", "--type", "noop", "--payload", "{oops");
        assertThat(notJson.err()).contains("--payload is not JSON");

        StringWriter err = new StringWriter();
        int code = Cli.run(new String[] {"jobs"}, Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("no API token").contains("SLUICE_TOKEN");
    }
}
