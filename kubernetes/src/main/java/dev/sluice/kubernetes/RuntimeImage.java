package dev.sluice.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One language version and the container image that runs it.
 *
 * @param language the name clients use, e.g. {@code python}
 * @param version the version clients may ask for, e.g. {@code 3.12}
 * @param image the image; pin a digest ({@code python:3.12-slim@sha256:...}) in production. It needs
 *     {@code /bin/sh} (used to apply the file-size limit and feed stdin) and the interpreter on its PATH.
 * @param command the interpreter, e.g. {@code [python3]}; the program file and the run's arguments follow it
 * @param fileName the name the program is stored under, e.g. {@code main.py}
 * @param env extra environment for the program (HOME and TMPDIR are always /tmp)
 * @param isDefault the version used when a run names none (the first of a language when none is marked)
 */
public record RuntimeImage(String language, String version, String image, List<String> command, String fileName,
        Map<String, String> env, boolean isDefault) {
    private static final Pattern LANGUAGE = Pattern.compile("[a-z][a-z0-9+_-]{0,30}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,40}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,60}");
    private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** python 3.12, node 22 and bash 5 from the official images. */
    public static final List<RuntimeImage> DEFAULTS = List.of(
            new RuntimeImage("python", "3.12", "python:3.12-slim", List.of("python3"), "main.py",
                    Map.of("PYTHONDONTWRITEBYTECODE", "1", "PYTHONUNBUFFERED", "1"), true),
            new RuntimeImage("node", "22", "node:22-slim", List.of("node"), "main.js", Map.of(), true),
            new RuntimeImage("bash", "5", "bash:5", List.of("bash"), "main.sh", Map.of(), true));

    public RuntimeImage {
        String field = "runtimes[" + language + " " + version + "]";
        if (language == null || !LANGUAGE.matcher(language).matches()) {
            throw new KubernetesConfigException("runtimes", "'" + language + "' is not a language name ([a-z][a-z0-9+_-]*)");
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new KubernetesConfigException(field, "'" + version + "' is not a version (letters, digits, . _ + -)");
        }
        if (image == null || image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
            throw new KubernetesConfigException(field + ".image", "must be an image reference, got '" + image + "'");
        }
        if (command == null || command.isEmpty() || command.stream().anyMatch(c -> c == null || c.isBlank())) {
            throw new KubernetesConfigException(field + ".command", "must name the interpreter, e.g. [python3]");
        }
        if (fileName == null || !FILE.matcher(fileName).matches() || fileName.equals(PROGRAM_STDIN)) {
            throw new KubernetesConfigException(field + ".fileName", "'" + fileName + "' is not a plain file name");
        }
        env = env == null ? Map.of() : Map.copyOf(env);
        for (String key : env.keySet()) {
            if (!ENV.matcher(key).matches()) {
                throw new KubernetesConfigException(field + ".env", "'" + key + "' is not an environment variable name");
            }
        }
        command = List.copyOf(command);
    }

    /** The key under which stdin is stored next to the program; no program file may take it. */
    public static final String PROGRAM_STDIN = "stdin";

    public RuntimeImage withImage(String newImage) {
        return new RuntimeImage(language, version, newImage, command, fileName, env, isDefault);
    }
}
