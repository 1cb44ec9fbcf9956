package dev.sluice.config;

import dev.sluice.SluiceException;

/** An option with an invalid value: a usage error (exit code 2), named by its option. */
public final class ConfigException extends SluiceException {
    private final String option;

    public ConfigException(String option, String problem) {
        super("invalid value for option '" + option + "': " + problem, "see: sluice serve --help");
        this.option = option;
    }

    public String option() {
        return option;
    }
}
