package dev.sluice.cli;

import dev.sluice.app.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

@Command(name = "sluice", mixinStandardHelpOptions = true, versionProvider = SluiceCommand.VersionProvider.class,
        description = "A durable execution pipeline on PostgreSQL.",
        subcommands = {ServeCommand.class, DoctorCommand.class, TokenCommand.class, JobCommands.Submit.class,
            JobCommands.ListJobs.class, JobCommands.Show.class, JobCommands.Cancel.class, JobCommands.Redrive.class})
public final class SluiceCommand {

    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sluice " + Version.current()};
        }
    }
}
