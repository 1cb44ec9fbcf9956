package dev.sluice.cli;

import dev.sluice.SluiceException;
import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigSources;
import java.io.PrintWriter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The command line: parses, layers configuration, runs a command, and turns every failure into one
 * line on stderr that says what to do, with exit code 2 for bad usage and 1 for a failure to run.
 */
public final class Cli {
    private static final Logger log = LoggerFactory.getLogger(Cli.class);

    private Cli() {}

    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        ConfigSources sources;
        try {
            sources = ConfigSources.from(args, env);
        } catch (SluiceException e) {
            err.println("sluice: " + e.oneLine());
            err.flush();
            return 2;
        }
        CommandLine cli = new CommandLine(new SluiceCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setDefaultValueProvider(sources)
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler((ex, rawArgs) -> {
                    String command = ex.getCommandLine().getCommandName();
                    ex.getCommandLine().getErr().println("sluice: " + ex.getMessage().strip().replace('\n', ' ')
                            + source(ex, rawArgs, env)
                            + " (see: " + (command.equals("sluice") ? "sluice" : "sluice " + command) + " --help)");
                    return 2;
                })
                .setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
                    if (ex instanceof ConfigException ce) {
                        commandLine.getErr().println("sluice: " + ce.oneLine());
                        return 2;
                    }
                    if (ex instanceof SluiceException se) {
                        log.debug("command failed", se);
                        commandLine.getErr().println("sluice: " + se.oneLine());
                    } else {
                        log.error("unexpected failure", ex);
                        commandLine.getErr().println("sluice: unexpected failure: " + ex
                                + " — this is a bug; the log above has the details");
                    }
                    return 1;
                });
        try {
            sources.checkFileKeys(cli.getSubcommands().values().stream().map(CommandLine::getCommandSpec).toList());
        } catch (SluiceException e) {
            err.println("sluice: " + e.oneLine());
            err.flush();
            return 2;
        }
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** When a bad value did not come from a flag, say where it came from. */
    private static String source(CommandLine.ParameterException ex, String[] args, Map<String, String> env) {
        if (!(ex.getArgSpec() instanceof CommandLine.Model.OptionSpec option)) {
            return "";
        }
        for (String arg : args) {
            for (String name : option.names()) {
                if (arg.equals(name) || arg.startsWith(name + "=")) {
                    return "";
                }
            }
        }
        String envName = ConfigSources.envName(option.longestName());
        return env.containsKey(envName) ? " (from " + envName + ")" : " (from the config file)";
    }
}
