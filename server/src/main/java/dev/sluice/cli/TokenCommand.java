package dev.sluice.cli;

import dev.sluice.SluiceException;
import dev.sluice.auth.TokenStore;
import dev.sluice.auth.User;
import dev.sluice.auth.UserStore;
import dev.sluice.database.Migrations;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Operator access without a password: whoever can read the data directory or the database can mint a token. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage API tokens from the server side.",
        subcommands = {TokenCommand.Create.class})
public final class TokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an API token for a user; the token is the last line printed.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseAccess access;

        @Option(names = "--user", required = true, paramLabel = "USERNAME", description = "Whose token (e.g. admin).")
        String username;

        @Option(names = "--name", paramLabel = "NAME", defaultValue = "cli", description = "A name to recognise it by.")
        String name;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (DatabaseAccess.Opened db = access.open()) {
                new Migrations(db.database.dataSource()).check();
                User user = new UserStore(db.database.dataSource()).findByName(username)
                        .orElseThrow(() -> new SluiceException("no user '" + username + "' in " + db.description,
                                "the first start creates 'admin'; create others in the UI or the admin API"));
                if (user.disabled()) {
                    throw new SluiceException("user '" + username + "' is disabled", "enable them first");
                }
                TokenStore.Created created = new TokenStore(db.database.dataSource()).create(user.id(), name);
                out.println("created token '" + name + "' for " + username + " (" + user.role().db() + "); it is shown only now:");
                out.println(created.token());
                out.flush();
            }
            return 0;
        }
    }
}
