package dev.sluice.sandbox.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What runs on the host, read from /proc: for asserting that nothing of a sandbox survives it. */
final class HostProcesses {
    private HostProcesses() {
    }

    /** Live (not zombie) processes whose real uid is in [from, to), as "pid uid name". */
    static List<String> liveWithUidIn(int from, int to) throws IOException {
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                List<String> status;
                try {
                    status = Files.readAllLines(proc.resolve("status"));
                } catch (IOException gone) {
                    continue; // exited while we looked
                }
                String name = field(status, "Name:");
                String state = field(status, "State:");
                String uid = field(status, "Uid:").split("\\s+")[0];
                if (uid.matches("\\d+") && !state.startsWith("Z")) {
                    int u = Integer.parseInt(uid);
                    if (u >= from && u < to) {
                        found.add(proc.getFileName() + " " + u + " " + name + " " + state);
                    }
                }
            }
        }
        return found;
    }

    private static String field(List<String> status, String key) {
        return status.stream().filter(l -> l.startsWith(key)).findFirst().map(l -> l.substring(key.length()).strip()).orElse("");
    }
}
