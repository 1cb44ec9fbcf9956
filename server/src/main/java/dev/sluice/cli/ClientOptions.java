package dev.sluice.cli;

import picocli.CommandLine.Option;

/** Where the client verbs find Sluice and how they authenticate. */
final class ClientOptions {
    @Option(names = "--server", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "Sluice's address (also SLUICE_SERVER).")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", description = "An API token (also SLUICE_TOKEN).")
    String token;

    ApiClient client() {
        return new ApiClient(server, token);
    }
}
