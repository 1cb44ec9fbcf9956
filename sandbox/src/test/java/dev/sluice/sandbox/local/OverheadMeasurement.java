package dev.sluice.sandbox.local;

import dev.sluice.sandbox.CancelToken;
import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.Outcome;
import dev.sluice.sandbox.OutputSink;
import dev.sluice.sandbox.RunResult;
import dev.sluice.sandbox.RunSpec;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not a test: a measurement to run by hand (never asserted, machines are noisy). Interleaves a bare
 * {@code /usr/bin/python3 -c pass} with a sandboxed {@code print("hi")}, both timed from the caller,
 * and logs best and median of each.
 *
 * <pre>java -cp target/test-classes:target/classes:$(deps) dev.sluice.sandbox.local.OverheadMeasurement [rounds]</pre>
 */
public final class OverheadMeasurement {
    private static final Logger log = LoggerFactory.getLogger(OverheadMeasurement.class);

    private OverheadMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        LocalSandboxConfig config = LocalSandboxConfig.defaults().withCgroupName("sluice-overhead")
                .withWorkRoot(Path.of("/tmp/sluice-overhead")).withUidBase(63000);
        LocalSandbox sandbox = new LocalSandbox(config);
        sandbox.start();
        try {
            if (!sandbox.preflight().ready()) {
                throw new IllegalStateException(sandbox.preflight().problem().orElse("?"));
            }
            List<Double> bare = new ArrayList<>();
            List<Double> boxed = new ArrayList<>();
            for (int i = 0; i < rounds + 3; i++) {
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder("/usr/bin/python3", "-c", "pass").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                p.waitFor();
                long t1 = System.nanoTime();
                RunResult r = sandbox.run(new RunSpec("overhead-" + i, "python", null, "print(\"hi\")", "", List.of(), Limits.DEFAULTS),
                        OutputSink.DISCARD, new CancelToken());
                long t2 = System.nanoTime();
                if (r.outcome() != Outcome.SUCCEEDED) {
                    throw new IllegalStateException(r.toString());
                }
                if (i >= 3) { // warm-up rounds discarded
                    bare.add((t1 - t0) / 1e6);
                    boxed.add((t2 - t1) / 1e6);
                }
            }
            Collections.sort(bare);
            Collections.sort(boxed);
            log.info(String.format(Locale.ROOT, "%d rounds: bare python -c pass best %.1f ms, median %.1f ms; sandboxed print(\"hi\") "
                    + "best %.1f ms, median %.1f ms; overhead best %.1f ms, median %.1f ms", rounds, bare.getFirst(),
                    bare.get(rounds / 2), boxed.getFirst(), boxed.get(rounds / 2), boxed.getFirst() - bare.getFirst(),
                    boxed.get(rounds / 2) - bare.get(rounds / 2)));
        } finally {
            sandbox.stop();
        }
    }
}
