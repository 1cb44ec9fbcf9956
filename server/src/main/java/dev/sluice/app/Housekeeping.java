package dev.sluice.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.engine.JobRequest;
import dev.sluice.engine.JobType;
import dev.sluice.engine.Outcome;
import dev.sluice.engine.maintenance.PeriodicJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;

/**
 * The {@code housekeeping} job, run every ten minutes as a periodic job: deletes expired browser
 * sessions and API idempotency records older than a day.
 */
final class Housekeeping {
    static final String NAME = "housekeeping";

    private Housekeeping() {}

    static JobType<JsonNode> type(DataSource dataSource) {
        return JobType.named(NAME, JsonNode.class).queue("default").maxAttempts(1).handler((context, payload) -> {
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            try (Connection c = dataSource.getConnection()) {
                result.put("sessions", delete(c, "DELETE FROM sluice.sessions WHERE expires_at < now()"));
                result.put("idempotencyKeys", delete(c,
                        "DELETE FROM sluice.api_idempotency WHERE created_at < now() - interval '1 day'"));
            }
            return Outcome.succeeded(result);
        }).build();
    }

    static PeriodicJob schedule() {
        return PeriodicJob.of(NAME, "*/10 * * * *", JobRequest.of(NAME, JsonNodeFactory.instance.objectNode()));
    }

    private static int delete(Connection c, String sql) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            return ps.executeUpdate();
        }
    }
}
