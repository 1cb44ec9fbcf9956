package dev.sluice.executions;

import dev.sluice.Json;
import dev.sluice.sandbox.Limits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin-set maxima for execution limits, kept in {@code sluice.settings} so every process agrees;
 * read at most every few seconds.
 */
public final class ExecutionSettings {
    private static final Logger log = LoggerFactory.getLogger(ExecutionSettings.class);
    static final String KEY = "execution.maxima";
    private static final long FRESH_NANOS = Duration.ofSeconds(3).toNanos();

    private final DataSource dataSource;
    private volatile Limits cached = ExecutionPolicy.DEFAULT_MAXIMA;
    private volatile long readAt;

    public ExecutionSettings(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The current maxima (the defaults when none were set, or the last known when the database is away). */
    public Limits maxima() {
        if (readAt != 0 && System.nanoTime() - readAt < FRESH_NANOS) {
            return cached;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT value FROM sluice.settings WHERE key = ?")) {
            ps.setString(1, KEY);
            try (ResultSet rs = ps.executeQuery()) {
                cached = rs.next()
                        ? ExecutionPolicy.maximaOf(Json.MAPPER.readValue(rs.getString(1), ExecutionRequest.LimitsRequest.class))
                        : ExecutionPolicy.DEFAULT_MAXIMA;
            }
            readAt = System.nanoTime();
        } catch (SQLException | java.io.IOException e) {
            log.warn("could not read the execution limits; using the last known: {}", e.getMessage());
        }
        return cached;
    }

    public void setMaxima(Limits maxima) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sluice.settings (key, value) VALUES (?, ?::jsonb)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()""")) {
            ps.setString(1, KEY);
            ps.setString(2, Json.write(ExecutionPolicy.view(maxima)));
            ps.executeUpdate();
        }
        cached = maxima;
        readAt = System.nanoTime();
    }
}
