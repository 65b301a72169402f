package io.clouddiagnoze.system;

import io.clouddiagnoze.contracts.ServiceType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The system's database as its administrator sees it, named by the same settings as deploy/local/mariadb.sh: DB_HOST
 * (127.0.0.1), DB_PORT (3306), DB_NAME (clouddiagnoze), DB_ADMIN_USER (root), DB_ADMIN_PASSWORD (empty). Counts for
 * the correctness checks, and the plain INSERTs the baselines make.
 */
final class Database {
    /** Rows per multi-row INSERT in the baselines: what a scanner's batch holds. */
    static final int ROWS_PER_INSERT = 500;

    private final String url;

    private Database(String url) {
        this.url = url;
    }

    /** The database the settings in the environment name. */
    static Database fromEnvironment() {
        return new Database("jdbc:mariadb://" + setting("DB_HOST", "127.0.0.1") + ":" + setting("DB_PORT", "3306") + "/"
                + setting("DB_NAME", "clouddiagnoze"));
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, setting("DB_ADMIN_USER", "root"), setting("DB_ADMIN_PASSWORD", ""));
    }

    private static String setting(String name, String defaultValue) {
        return System.getenv().getOrDefault(name, defaultValue);
    }

    long count(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first column of the first row of {@code sql}'s answer, as text (null where there is no row). */
    String text(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Waits until none of {@code runs} is in progress any more; fails after {@code limit}. */
    void awaitClosed(Collection<Long> runs, Duration limit) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String open = "SELECT COUNT(*) FROM scan_runs WHERE status = 'in_progress' AND id IN (" + sqlList(runs) + ")";
        while (count(open) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(count(open) + " of " + runs.size() + " scan runs still in progress after " + limit);
            }
            Thread.sleep(50);
        }
    }

    /**
     * How a scan run ended, and when, in seconds after its request: published, the last event, closed; with the rows
     * stored for it and how many of them are distinct resources (by id and region).
     */
    record Run(long id, String service, String status, long totalResources, long rowsStored, long distinctRows, double published,
               double lastEvent, double closed) {
    }

    /** The scan runs {@code runs} as stored, with the rows stored for each (counted in its service's table). */
    List<Run> runs(Collection<Long> runs) throws SQLException {
        String seconds = "TIMESTAMPDIFF(MICROSECOND, scan_timestamp, %s) / 1e6";
        String sql = "SELECT id, service_type, status, total_resources, " + String.format(seconds, "request_published_at") + ", "
                + String.format(seconds, "last_event_at") + ", " + String.format(seconds, "finished_at") + ","
                + perService("COUNT(*)") + ", " + perService("COUNT(DISTINCT t.%s, t.region)")
                + " FROM scan_runs r WHERE id IN (" + sqlList(runs) + ") ORDER BY id";
        List<Run> found = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                found.add(new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(8), rs.getLong(9),
                        rs.getDouble(5), rs.getDouble(6), rs.getDouble(7)));
            }
        }
        return found;
    }

    /** {@code aggregate} over the rows of a scan run {@code r} in its service's table {@code t} ({@code %s}: the natural id column). */
    private static String perService(String aggregate) {
        return " CASE service_type" + Arrays.stream(ServiceType.values()).map(service -> " WHEN '" + service.id() + "' THEN (SELECT "
                + String.format(aggregate, service.naturalIdColumn()) + " FROM " + service.resourceTable()
                + " t WHERE t.scan_run_id = r.id)").collect(Collectors.joining()) + " END";
    }

    /**
     * A scan run of {@code tenant} opened by hand, for rows that the baselines write: its id. Its request counts as
     * published, so that scan-orchestrator's relay does not send it to a scanner.
     */
    long openRun(Connection connection, long tenant, String service) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO scan_runs (user_id, service_type, scan_timestamp,"
                        + " status, request_published_at) VALUES (?, ?, NOW(6), 'in_progress', NOW(6))",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, tenant);
            insert.setString(2, service);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Deletes scan runs that a baseline wrote, with their rows (the foreign keys cascade). */
    void deleteRuns(Connection connection, Collection<Long> runs) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM scan_runs WHERE id IN (" + sqlList(runs) + ")");
        }
    }

    /** A table's rows of one scan run, every column but the generated ones, in memory: what a baseline inserts again. */
    static Rows rowsOf(Connection connection, String table, long scanRun) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM " + table + " WHERE scan_run_id = ?")) {
            select.setLong(1, scanRun);
            try (ResultSet rs = select.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                List<Integer> positions = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String column = meta.getColumnName(i);
                    if (!List.of("id", "created_at", "scan_run_id").contains(column)) {
                        columns.add(column);
                        positions.add(i);
                    }
                }
                List<Object[]> values = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[positions.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(positions.get(i));
                    }
                    values.add(row);
                }
                return new Rows(table, columns, values);
            }
        }
    }

    /** Rows of one table: its column names (without scan_run_id) and their values. */
    record Rows(String table, List<String> columns, List<Object[]> values) {
    }

    /** {@code rows} under scan run {@code scanRun}, as multi-row INSERTs of {@link #ROWS_PER_INSERT}. */
    static void insert(Connection connection, long scanRun, Rows rows) throws SQLException {
        List<Object[]> values = rows.values();
        for (int from = 0; from < values.size(); from += ROWS_PER_INSERT) {
            List<Object[]> chunk = values.subList(from, Math.min(values.size(), from + ROWS_PER_INSERT));
            String row = "(" + String.join(", ", Collections.nCopies(rows.columns().size() + 1, "?")) + ")";
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + rows.table() + " (scan_run_id, "
                    + String.join(", ", rows.columns()) + ") VALUES " + String.join(", ", Collections.nCopies(chunk.size(), row)))) {
                int parameter = 1;
                for (Object[] value : chunk) {
                    insert.setLong(parameter++, scanRun);
                    for (Object column : value) {
                        insert.setObject(parameter++, column);
                    }
                }
                insert.executeUpdate();
            }
        }
    }

    static String sqlList(Collection<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
