package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.app.Role;
import dev.sluice.config.ConfigSources;
import dev.sluice.config.ServeConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static ServeConfig parse(Map<String, String> env, String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true)
                .setDefaultValueProvider(ConfigSources.from(args, env)).parseArgs(args);
        return command.toConfig();
    }

    @Test
    void helpListsEveryOptionAndHowToSetItFromTheEnvironment() {
        Run help = run(Map.of(), "serve", "--help");
        assertThat(help.code()).isZero();
        CommandLine.Model.CommandSpec spec = new CommandLine(new ServeCommand()).getCommandSpec();
        for (CommandLine.Model.OptionSpec option : spec.options()) {
            assertThat(help.out()).contains(option.longestName());
        }
        assertThat(help.out()).contains("SLUICE_DB_URL").contains("--role=all|api|worker");
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        ServeConfig config = parse(Map.of());
        assertThat(config.role()).isEqualTo(Role.ALL);
        assertThat(config.http().bind()).isEqualTo("127.0.0.1");
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.embeddedDatabase()).isTrue();
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults() throws Exception {
        Path file = Files.writeString(tmp.resolve("sluice.properties"), "port=7001\nrole=worker\nbind=0.0.0.0\n");
        Map<String, String> env = Map.of("SLUICE_PORT", "7002", "SLUICE_ROLE", "api");
        ServeConfig config = parse(env, "--config", file.toString(), "--port", "7003");
        assertThat(config.http().port()).isEqualTo(7003);          // flag
        assertThat(config.role()).isEqualTo(Role.API);      // environment over file
        assertThat(config.http().bind()).isEqualTo("0.0.0.0");     // file over default
        assertThat(config.database().poolSize()).isEqualTo(10);      // default

        ServeConfig viaEnvFile = parse(Map.of("SLUICE_CONFIG", file.toString()));
        assertThat(viaEnvFile.http().port()).isEqualTo(7001);
    }

    @Test
    void anInvalidValueFailsWithOneLineNamingTheOption() {
        Run outOfRange = run(Map.of(), "serve", "--port", "99999");
        assertThat(outOfRange.code()).isEqualTo(2);
        assertThat(outOfRange.err().strip()).doesNotContain("\n").contains("'--port'").contains("99999");

        Run notANumber = run(Map.of(), "serve", "--port", "eighty");
        assertThat(notANumber.code()).isEqualTo(2);
        assertThat(notANumber.err().strip()).doesNotContain("\n").contains("--port").contains("eighty");

        Run fromEnv = run(Map.of("SLUICE_SHUTDOWN_GRACE", "soon"), "serve");
        assertThat(fromEnv.code()).isEqualTo(2);
        assertThat(fromEnv.err()).contains("--shutdown-grace").contains("from SLUICE_SHUTDOWN_GRACE");

        Run badRole = run(Map.of(), "serve", "--role", "boss");
        assertThat(badRole.code()).isEqualTo(2);
        assertThat(badRole.err()).contains("--role").contains("boss");

        Run badUrl = run(Map.of(), "serve", "--db-url", "postgres://x");
        assertThat(badUrl.code()).isEqualTo(2);
        assertThat(badUrl.err()).contains("'--db-url'").contains("jdbc:postgresql://");
    }

    @Test
    void aTypoInTheConfigFileIsAnErrorNotASilentDefault() throws Exception {
        Path file = Files.writeString(tmp.resolve("bad.properties"), "prot=9000\n");
        Run run = run(Map.of(), "serve", "--config", file.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("unknown option 'prot'").contains(file.toString());
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(parse(Map.of(), "--shutdown-grace", "500ms").shutdownGrace()).isEqualTo(Duration.ofMillis(500));
        assertThat(parse(Map.of(), "--shutdown-grace", "2m").shutdownGrace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse(Map.of(), "--shutdown-grace", "PT5S").shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theKubernetesExecutorIsConfiguredFromFlagsOrTheEnvironmentAndNeedsANamespace() throws Exception {
        Run missing = run(Map.of(), "serve", "--executor", "kubernetes");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("'--k8s-namespace'").contains("required with --executor kubernetes");

        Path kubeconfig = Files.writeString(tmp.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
        ServeConfig config = parse(Map.of("SLUICE_K8S_NAMESPACE", "sluice-runs", "SLUICE_K8S_SETUP", "verify"),
                "--executor", "kubernetes", "--k8s-kubeconfig", kubeconfig.toString(),
                "--k8s-image", "python=python:3.12-slim@sha256:0123", "--k8s-runtime-class", "gvisor",
                "--k8s-node-selector", "pool=sandbox", "--k8s-pod-start-timeout", "90s");
        var k8s = config.executions().kubernetes();
        assertThat(config.executions().executor()).hasToString("kubernetes");
        assertThat(k8s.namespace()).isEqualTo("sluice-runs");
        assertThat(k8s.setup()).hasToString("VERIFY");
        assertThat(k8s.placement().runtimeClassName()).isEqualTo("gvisor");
        assertThat(k8s.placement().nodeSelector()).containsEntry("pool", "sandbox");
        assertThat(k8s.timing().podStart()).isEqualTo(Duration.ofSeconds(90));
        assertThat(k8s.runtime("python", null)).get().satisfies(r -> assertThat(r.image()).isEqualTo("python:3.12-slim@sha256:0123"));

        Run badNamespace = run(Map.of(), "serve", "--executor", "kubernetes", "--k8s-namespace", "Not_A_Namespace");
        assertThat(badNamespace.code()).isEqualTo(2);
        assertThat(badNamespace.err()).contains("namespace");
    }
}
