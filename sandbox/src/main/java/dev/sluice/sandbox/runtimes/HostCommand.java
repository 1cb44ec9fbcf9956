package dev.sluice.sandbox.runtimes;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a trusted host program (an interpreter asked for its version, {@code bwrap --version}) with an
 * empty environment and no input, and returns at most {@link #MAX_OUTPUT} bytes of what it printed.
 * Not for untrusted code: that goes through the sandbox.
 */
public final class HostCommand {
    public static final int MAX_OUTPUT = 8192;

    /**
     * @param exitCode the exit code, or -1 when it ran past its timeout and was killed
     * @param output stdout and stderr together, cut at {@link #MAX_OUTPUT} bytes
     */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private HostCommand() {
    }

    public static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("LANG", "C.UTF-8");
        Process process = pb.start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readHead(process.getInputStream()),
                task -> Thread.ofVirtual().name("host-command").start(task));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "(no answer within " + timeout.toMillis() + " ms)");
            }
            return new Result(process.exitValue(), new String(output.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (ExecutionException e) {
            throw new IOException("reading the output of " + command.getFirst() + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(command.getFirst() + " exited but something it started kept its output open", e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static byte[] readHead(InputStream in) {
        try (in) {
            byte[] head = in.readNBytes(MAX_OUTPUT);
            in.transferTo(OutputStream.nullOutputStream());
            return head;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
