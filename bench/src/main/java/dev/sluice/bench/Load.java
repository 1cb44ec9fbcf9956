package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, noted next to every result: the machine is shared with other builds. */
public final class Load {
    private Load() {}

    /** The 1-minute load average, or -1 when unknown. */
    public static double now() {
        try {
            String line = Files.readString(Path.of("/proc/loadavg")).strip();
            return Double.parseDouble(line.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
