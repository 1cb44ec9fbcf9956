package dev.sluice.config;

import dev.sluice.SluiceException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where option values come from when not given as flags: the environment ({@code SLUICE_DB_URL} for
 * {@code --db-url}), then a properties file ({@code db-url=...}) named by {@code --config} or
 * {@code SLUICE_CONFIG}, then the option's default. Flags beat all of them.
 */
public final class ConfigSources implements CommandLine.IDefaultValueProvider {
    public static final String CONFIG_OPTION = "--config";
    public static final String CONFIG_ENV = "SLUICE_CONFIG";

    private final Map<String, String> env;
    private final Properties file;
    private final Path filePath;

    private ConfigSources(Map<String, String> env, Properties file, Path filePath) {
        this.env = env;
        this.file = file;
        this.filePath = filePath;
    }

    /** Finds the config file from the raw arguments or the environment and reads it. */
    public static ConfigSources from(String[] args, Map<String, String> env) {
        Path path = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(CONFIG_OPTION) && i + 1 < args.length) {
                path = Path.of(args[i + 1]);
            } else if (args[i].startsWith(CONFIG_OPTION + "=")) {
                path = Path.of(args[i].substring(CONFIG_OPTION.length() + 1));
            }
        }
        if (path == null && env.get(CONFIG_ENV) != null && !env.get(CONFIG_ENV).isBlank()) {
            path = Path.of(env.get(CONFIG_ENV));
        }
        Properties properties = new Properties();
        if (path != null) {
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new SluiceException("cannot read the config file " + path + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()),
                        "fix the path given with --config or SLUICE_CONFIG");
            }
        }
        return new ConfigSources(env, properties, path);
    }

    public static String envName(String longOption) {
        return "SLUICE_" + longOption.replaceFirst("^--", "").toUpperCase().replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || option.longestName().equals(CONFIG_OPTION)) {
            return null;
        }
        String fromEnv = env.get(envName(option.longestName()));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return file.getProperty(option.longestName().replaceFirst("^--", ""));
    }

    /** Every key in the file must be an option of the command: a typo is an error, not a silent default. */
    public void checkFileKeys(java.util.Collection<CommandLine.Model.CommandSpec> commands) {
        Set<String> known = new TreeSet<>();
        for (CommandLine.Model.CommandSpec command : commands) {
            for (OptionSpec option : command.options()) {
                known.add(option.longestName().replaceFirst("^--", ""));
            }
        }
        known.remove("help");
        known.remove("version");
        for (String key : file.stringPropertyNames()) {
            if (!known.contains(key)) {
                throw new SluiceException("unknown option '" + key + "' in the config file " + filePath,
                        "known options: " + String.join(", ", known));
            }
        }
    }
}
