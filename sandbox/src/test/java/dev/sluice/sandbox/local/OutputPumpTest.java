package dev.sluice.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sandbox.OutputSink;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutputPumpTest {
    private final List<byte[]> chunks = new ArrayList<>();
    private final AtomicInteger limitReached = new AtomicInteger();
    private final List<String> failures = new ArrayList<>();
    private final OutputPump.Listener listener = new OutputPump.Listener() {
        @Override
        public void outputLimitReached(OutputSink.Stream stream) {
            limitReached.incrementAndGet();
        }

        @Override
        public void sinkFailed(OutputSink.Stream stream, RuntimeException failure) {
            failures.add(failure.getMessage());
        }
    };

    /** An endless stream that never allocates: n bytes of 'x', handed out as asked. */
    private static InputStream bytes(long n) {
        return new InputStream() {
            long left = n;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int take = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + take, (byte) 'x');
                left -= take;
                return take;
            }
        };
    }

    @Test
    void passesEverythingUnderTheLimitInBoundedChunks() {
        OutputPump pump = new OutputPump(bytes(300_000), OutputSink.Stream.STDOUT, 1_000_000, (s, c) -> chunks.add(c), listener);
        pump.run();
        assertThat(chunks.stream().mapToInt(c -> c.length).sum()).isEqualTo(300_000);
        assertThat(chunks).allSatisfy(c -> assertThat(c.length).isLessThanOrEqualTo(OutputPump.CHUNK));
        assertThat(pump.truncated()).isFalse();
        assertThat(limitReached).hasValue(0);
    }

    @Test
    void cutsAtTheLimitOnceAndDrainsTheRest() {
        OutputPump pump = new OutputPump(bytes(100_000_000), OutputSink.Stream.STDERR, 100_000, (s, c) -> chunks.add(c), listener);
        pump.run();
        assertThat(chunks.stream().mapToInt(c -> c.length).sum()).isEqualTo(100_000);
        assertThat(pump.truncated()).isTrue();
        assertThat(pump.delivered()).isEqualTo(100_000);
        assertThat(limitReached).hasValue(1);
    }

    @Test
    void exactlyTheLimitIsNotTruncated() {
        OutputPump pump = new OutputPump(bytes(1000), OutputSink.Stream.STDOUT, 1000, (s, c) -> chunks.add(c), listener);
        pump.run();
        assertThat(pump.truncated()).isFalse();
        assertThat(limitReached).hasValue(0);
    }

    @Test
    void aFailingSinkIsReportedOnceAndNotCalledAgain() {
        AtomicInteger calls = new AtomicInteger();
        OutputPump pump = new OutputPump(new ByteArrayInputStream(new byte[200_000]), OutputSink.Stream.STDOUT, 1_000_000, (s, c) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("sink down");
        }, listener);
        pump.run();
        assertThat(calls).hasValue(1);
        assertThat(failures).containsExactly("sink down");
    }

    @Test
    void keepsABoundedHead() {
        OutputPump pump = new OutputPump(bytes(10_000), OutputSink.Stream.STDERR, 10, (s, c) -> chunks.add(c), listener);
        pump.run();
        assertThat(pump.head()).hasSize(OutputPump.HEAD);
    }
}
