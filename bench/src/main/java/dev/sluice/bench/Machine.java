package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the results were measured on. */
public record Machine(String cpu, int cores, String memory, String kernel, String jdk) {

    public static Machine current() {
        return new Machine(cpuModelName(), Runtime.getRuntime().availableProcessors(), memoryTotal(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + Runtime.version());
    }

    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CPU", cpu + " (" + cores + " cores visible to the JVM)");
        m.put("RAM", memory);
        m.put("kernel", kernel);
        m.put("JDK", jdk);
        return m;
    }

    private static String cpuModelName() {
        List<String> lines = read("/proc/cpuinfo");
        return lines.stream().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
    }

    private static String memoryTotal() {
        return read("/proc/meminfo").stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
                .map(l -> {
                    long kib = Long.parseLong(l.replaceAll("\\D", ""));
                    return String.format(java.util.Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
                }).orElse("unknown");
    }

    private static List<String> read(String path) {
        try {
            return Files.readAllLines(Path.of(path));
        } catch (IOException e) {
            return List.of();
        }
    }
}
