package dev.sluice.sandbox.runtimes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.Preflight;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuntimesTest {
    private final Language python = new Python();
    private final Runtimes runtimes = new Runtimes(List.of(
            new InstalledRuntime(python, "3.11.2", Path.of("/usr/bin/python3.11"), List.of(), true),
            new InstalledRuntime(python, "3.12.1", Path.of("/usr/bin/python3.12"), List.of(), false)));

    @Test
    void selectsTheDefaultOrAVersionByPrefix() {
        assertThat(runtimes.select("python", null).version()).isEqualTo("3.11.2");
        assertThat(runtimes.select("python", "3.12").version()).isEqualTo("3.12.1");
        assertThat(runtimes.select("python", "3.11.2").version()).isEqualTo("3.11.2");
        assertThat(runtimes.select("python", "3").version()).isEqualTo("3.11.2");
    }

    @Test
    void refusesAnythingNotDiscovered() {
        assertThatThrownBy(() -> runtimes.select("python", "3.1")).hasMessageContaining("there are: python 3.11.2, python 3.12.1");
        assertThatThrownBy(() -> runtimes.select("/usr/bin/python3", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runtimes.select("ruby", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runtimes.select("python", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void versionsAreParsedFromWhatTheBinariesPrint() {
        assertThat(new Python().parseVersion("Python 3.11.2\n")).contains("3.11.2");
        assertThat(new Node().parseVersion("v20.20.2\n")).contains("20.20.2");
        assertThat(new Bash().parseVersion("GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)")).contains("5.2.15");
        assertThat(new Java().parseVersion("openjdk version \"17.0.15\" 2025-04-15\nOpenJDK Runtime")).contains("17.0.15");
        assertThat(new Ruby().parseVersion("ruby 3.1.2p20 (2022-04-12 revision 4491bb740a) [x86_64-linux-gnu]")).contains("3.1.2");
        assertThat(new Python().parseVersion("garbage")).isEmpty();
    }

    @Test
    void javaHeapAndProcessorsFollowTheLimits() {
        List<String> command = new Java().command(Path.of("/usr/lib/jvm/x/bin/java"), "/code/Main.java", Limits.DEFAULTS);
        assertThat(command).contains("-Xmx128m", "-XX:ActiveProcessorCount=1").endsWith("/code/Main.java");
    }

    @Test
    void discoveryFindsTheRequiredRuntimesAtTheirFixedPaths() throws Exception {
        RuntimeDiscovery.Result result = new RuntimeDiscovery(Language.known(), List.of(Path.of("/usr"), Path.of("/bin"))).discover();
        assertThat(result.checks()).allSatisfy(c -> assertThat(c.ok()).as(c.toString()).isTrue());
        assertThat(result.runtimes().infos()).extracting(r -> r.language()).contains("python", "node", "bash");
        InstalledRuntime py = result.runtimes().select("python", null);
        assertThat(py.executable().toString()).startsWith("/usr/bin/python3").doesNotContain("pyenv");
        assertThat(py.version()).matches("3\\.\\d+\\.\\d+.*");
    }

    @Test
    void aMissingRequiredRuntimeNamesItsPackage() throws Exception {
        Language ghost = new Ghost();
        RuntimeDiscovery.Result result = new RuntimeDiscovery(List.of(ghost), List.of(Path.of("/usr"))).discover();
        Preflight preflight = new Preflight(result.checks());
        assertThat(preflight.ready()).isFalse();
        assertThat(preflight.problem()).contains("runtime ghost: not installed (looked for [/nonexistent/ghost]) — apt-get install ghost");
        assertThat(result.runtimes().installed()).isEmpty();
    }

    @Test
    void anInterpreterOutsideTheMountedDirectoriesIsRefused() throws Exception {
        RuntimeDiscovery.Result result = new RuntimeDiscovery(List.of(new Python()), List.of(Path.of("/opt"))).discover();
        assertThat(new Preflight(result.checks()).problem()).hasValueSatisfying(p -> assertThat(p).contains("outside"));
        assertThat(Optional.of(result.runtimes().installed())).contains(List.of());
    }

    /** A required language that is not installed anywhere. */
    private static final class Ghost implements Language {
        public String name() {
            return "ghost";
        }

        public boolean required() {
            return true;
        }

        public List<Path> candidates() {
            return List.of(Path.of("/nonexistent/ghost"));
        }

        public List<String> versionArguments() {
            return List.of("--version");
        }

        public Optional<String> parseVersion(String output) {
            return Optional.of(output);
        }

        public String sourceFileName() {
            return "main.ghost";
        }

        public List<String> command(Path executable, String sourcePath, Limits limits) {
            return List.of(executable.toString(), sourcePath);
        }

        public String helloProgram() {
            return "";
        }

        public String installHint() {
            return "apt-get install ghost";
        }
    }
}
