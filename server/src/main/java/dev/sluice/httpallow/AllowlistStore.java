package dev.sluice.httpallow;

import dev.sluice.httpjob.AllowEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The admin-managed entries of the http job type's allowlist, in {@code sluice.http_allowlist}. */
public final class AllowlistStore {
    private final DataSource dataSource;

    public AllowlistStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<AllowEntry> list() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT entry FROM sluice.http_allowlist ORDER BY entry");
                ResultSet rs = ps.executeQuery()) {
            List<AllowEntry> entries = new ArrayList<>();
            while (rs.next()) {
                entries.add(AllowEntry.parse(rs.getString(1)));
            }
            return entries;
        }
    }

    /** Adds an entry (canonical form); false when it was there already. */
    public boolean add(AllowEntry entry, String by) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sluice.http_allowlist (entry, added_by) VALUES (?, ?) ON CONFLICT (entry) DO NOTHING")) {
            ps.setString(1, entry.toString());
            ps.setString(2, by);
            return ps.executeUpdate() == 1;
        }
    }

    public boolean remove(AllowEntry entry) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM sluice.http_allowlist WHERE entry = ?")) {
            ps.setString(1, entry.toString());
            return ps.executeUpdate() == 1;
        }
    }
}
