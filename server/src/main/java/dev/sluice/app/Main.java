package dev.sluice.app;

import dev.sluice.cli.Cli;
import java.io.PrintWriter;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** The entry point of {@code java -jar sluice.jar}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int code = Cli.run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }
}
