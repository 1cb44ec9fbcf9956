package dev.sluice.auth;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing without letting a stranger lock someone out. Failures are counted per
 * address and per (account, address): after a few, that pair must wait, doubling each time; the real
 * owner signing in from elsewhere is not affected. Failures against one account from many addresses
 * are counted too, but only addresses that have not signed in to that account recently are held back.
 * Per process, in memory: it is a brake, not a record.
 */
public final class LoginThrottle {
    static final int FREE_FAILURES_PER_PAIR = 5;
    static final int FREE_FAILURES_PER_ADDRESS = 20;
    static final int FREE_FAILURES_PER_ACCOUNT = 50;
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final Duration MAX_WAIT = Duration.ofMinutes(15);

    private record Counter(int failures, long firstAt, long blockedUntil) {}

    private final InstantSource clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Long> recentSuccess = new ConcurrentHashMap<>();

    public LoginThrottle(InstantSource clock) {
        this.clock = clock;
    }

    /** How long this attempt must wait before it is even checked; zero when it may proceed. */
    public Duration waitFor(String account, String address) {
        long now = clock.millis();
        long until = Math.max(blocked("pair:" + account + "|" + address, now), blocked("addr:" + address, now));
        if (!recentlySucceeded(account, address, now)) {
            until = Math.max(until, blocked("acct:" + account, now));
        }
        return until > now ? Duration.ofMillis(until - now) : Duration.ZERO;
    }

    public void failed(String account, String address) {
        long now = clock.millis();
        count("pair:" + account + "|" + address, FREE_FAILURES_PER_PAIR, now);
        count("addr:" + address, FREE_FAILURES_PER_ADDRESS, now);
        count("acct:" + account, FREE_FAILURES_PER_ACCOUNT, now);
        if (counters.size() > 100_000) {
            prune(now);
        }
    }

    public void succeeded(String account, String address) {
        counters.remove("pair:" + account + "|" + address);
        recentSuccess.put(account + "|" + address, clock.millis());
    }

    private boolean recentlySucceeded(String account, String address, long now) {
        Long at = recentSuccess.get(account + "|" + address);
        return at != null && now - at < Duration.ofDays(30).toMillis();
    }

    private long blocked(String key, long now) {
        Counter c = counters.get(key);
        return c == null ? 0 : c.blockedUntil();
    }

    private void count(String key, int free, long now) {
        counters.compute(key, (k, c) -> {
            if (c == null || now - c.firstAt() > WINDOW.toMillis() && now > c.blockedUntil()) {
                c = new Counter(0, now, 0);
            }
            int failures = c.failures() + 1;
            long blockedUntil = c.blockedUntil();
            if (failures >= free) {
                long waitMs = Math.min(MAX_WAIT.toMillis(), 1000L << Math.min(20, failures - free));
                blockedUntil = now + waitMs;
            }
            return new Counter(failures, c.firstAt(), blockedUntil);
        });
    }

    private void prune(long now) {
        for (Iterator<Map.Entry<String, Counter>> it = counters.entrySet().iterator(); it.hasNext(); ) {
            Counter c = it.next().getValue();
            if (now - c.firstAt() > WINDOW.toMillis() && now > c.blockedUntil()) {
                it.remove();
            }
        }
    }
}
