package io.clouddiagnoze.metrics;

import io.clouddiagnoze.metrics.store.PerformanceTable;
import io.clouddiagnoze.testsupport.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** The performance rows stored for one resource of one scan, read straight from the table. */
final class Stored {
    private Stored() {
    }

    /** One column of the resource's rows by timestamp; a null value stays null. */
    static Map<Instant, BigDecimal> column(TestDatabase database, PerformanceTable table, String column, long run,
                                           String naturalId) throws SQLException {
        String sql = "SELECT p.`timestamp`, p." + column + " FROM " + table.table() + " p JOIN " + table.resourceTable()
                + " r ON r.id = p." + table.resourceColumn() + " WHERE r.scan_run_id = ? AND r." + table.naturalIdColumn()
                + " = ? ORDER BY p.`timestamp`";
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, run);
            s.setString(2, naturalId);
            Map<Instant, BigDecimal> values = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getTimestamp(1).toLocalDateTime().toInstant(ZoneOffset.UTC), rs.getBigDecimal(2));
                }
            }
            return values;
        }
    }

    static long rows(TestDatabase database, PerformanceTable table, long run) throws SQLException {
        return database.count("SELECT COUNT(*) FROM " + table.table() + " p JOIN " + table.resourceTable() + " r ON r.id = p."
                + table.resourceColumn() + " WHERE r.scan_run_id = " + run);
    }
}
