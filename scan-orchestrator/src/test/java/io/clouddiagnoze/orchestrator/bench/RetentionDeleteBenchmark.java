package io.clouddiagnoze.orchestrator.bench;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.testsupport.Latencies;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.YearOfScans;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the retention job's choice costs the database: deleting one month of one tenant's scans with the foreign keys kept,
 * children first in batches (the statements of {@code RunArchiveRows}: a window of resource ids, their metric rows
 * {@code BATCH_ROWS} at a time, those resource rows, then the run), on a year of data of many tenants
 * ({@link YearOfScans}), while another connection inserts resource batches as ingestion does. The next month is deleted
 * the same way in batches a quarter as large, and the third as the schema alone would, one cascading DELETE per run.
 * For each it prints rows deleted per second, the longest statement, and the concurrent insert's latency against the
 * same inserts with no deletion running, as a ratio.
 *
 * <pre>
 * ./mvnw -q -pl scan-orchestrator exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.clouddiagnoze.orchestrator.bench.RetentionDeleteBenchmark
 * </pre>
 *
 * Sizes: {@code BENCH_TENANTS} (100) tenants × 365 days × 4 services × 50 resources, EC2 metrics (288 points a day per
 * running instance) over the last 7 days of each and over the three deleted months of the first; {@code BATCH_ROWS} (2000).
 * It makes its own database on the local server ({@code TEST_DB_*} settings, as the tests) and drops it at the end.
 */
public final class RetentionDeleteBenchmark {
    private static final int TENANTS = setting("BENCH_TENANTS", 100);
    private static final int BATCH_ROWS = setting("BATCH_ROWS", 2000);
    private static final int RESOURCES_PER_SCAN = 50;
    private static final int INSERT_ROWS = 500;
    private static final long INSERT_PACE_MILLIS = 50;
    private static final long BASELINE_MILLIS = 20_000;

    private final TestDatabase database;
    private final long tenant;

    private RetentionDeleteBenchmark(TestDatabase database, long tenant) {
        this.database = database;
        this.tenant = tenant;
    }

    public static void main(String[] args) throws Exception {
        try (TestDatabase database = TestDatabase.createMigrated()) {
            List<Long> tenants = new ArrayList<>();
            for (int i = 0; i < TENANTS; i++) {
                tenants.add(database.tenant("arn:aws:iam::111122223333:role/Bench", "cd-bench-" + UUID.randomUUID()));
            }
            long started = System.nanoTime();
            try (Connection connection = database.connect()) {
                YearOfScans.fill(connection, tenants, 365, RESOURCES_PER_SCAN);
                YearOfScans.fillEc2Metrics(connection, tenants, 7);
            }
            System.out.printf("retention delete benchmark: %d tenants, a year of daily scans of 4 services with %d resources each,"
                    + " filled in %.0f s: %,d resource rows, %,d EC2 metric rows%n", TENANTS, RESOURCES_PER_SCAN,
                    (System.nanoTime() - started) / 1e9, database.count("SELECT (SELECT COUNT(*) FROM ec2_instances)"
                            + " + (SELECT COUNT(*) FROM s3_buckets) + (SELECT COUNT(*) FROM vpc_instances) + (SELECT COUNT(*) FROM rds_instances)"),
                    database.count("SELECT COUNT(*) FROM ec2_performance"));
            new RetentionDeleteBenchmark(database, tenants.get(0)).run(tenants.get(1));
        }
    }

    private void run(long ingestingTenant) throws Exception {
        String first;
        try (Connection c = database.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MIN(scan_timestamp) FROM scan_runs WHERE user_id = " + tenant)) {
            rs.next();
            first = "TIMESTAMP '" + rs.getString(1) + "'";
        }
        addMetrics(first + " AND " + first + " + INTERVAL 90 DAY");
        Inserts inserts = new Inserts(ingestingTenant);
        Thread inserter = new Thread(inserts, "inserts");
        inserter.start();
        Thread.sleep(BASELINE_MILLIS);
        Latencies baseline = inserts.take();

        deleteInBatches(inserts, baseline, runs(first, 0), BATCH_ROWS);
        deleteInBatches(inserts, baseline, runs(first, 30), BATCH_ROWS / 4);

        List<Long> cascadedRuns = runs(first, 60);
        long cascadedRows = rowsOf(cascadedRuns);
        Deletion cascaded = new Deletion();
        try (cascaded) {
            for (long run : cascadedRuns) {
                cascaded.timed("DELETE FROM scan_runs WHERE id = " + run);
            }
        }
        cascaded.rows = cascadedRows;
        report("one cascading DELETE per run (the schema alone)", cascadedRuns.size(), cascaded, baseline, inserts.take());
        inserts.stop.set(true);
        inserter.join();
    }

    /** Deletes the runs as the retention job does, in batches of {@code batchRows}; reports it; then lets the inserts settle. */
    private void deleteInBatches(Inserts inserts, Latencies baseline, List<Long> runs, int batchRows) throws Exception {
        Deletion batched = new Deletion();
        try (batched) {
            for (long run : runs) {
                batched.deleteInBatches(run, batchRows);
            }
        }
        report("batched, foreign keys kept (the retention job's way), batches of " + batchRows + " rows", runs.size(), batched,
                baseline, inserts.take());
        Thread.sleep(BASELINE_MILLIS / 2);
        inserts.take();
    }

    /** The runs of the tenant's month that starts {@code offsetDays} after {@code first} (its first scan). */
    private List<Long> runs(String first, int offsetDays) throws SQLException {
        List<Long> runs = new ArrayList<>();
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id FROM scan_runs WHERE user_id = " + tenant + " AND scan_timestamp >= " + first + " + INTERVAL " + offsetDays
                        + " DAY AND scan_timestamp < " + first + " + INTERVAL " + (offsetDays + 30) + " DAY ORDER BY scan_timestamp")) {
            while (rs.next()) {
                runs.add(rs.getLong(1));
            }
        }
        return runs;
    }

    /** The rows of the runs, their resources and the resources' metrics: what deleting the runs cascades to. */
    private long rowsOf(List<Long> runs) throws SQLException {
        String in = String.join(", ", runs.stream().map(String::valueOf).toList());
        StringBuilder sql = new StringBuilder("SELECT " + runs.size());
        for (ServiceType service : ServiceType.values()) {
            sql.append(" + (SELECT COUNT(*) FROM ").append(service.resourceTable()).append(" WHERE scan_run_id IN (").append(in).append("))")
                    .append(" + (SELECT COUNT(*) FROM ").append(service.performanceTable()).append(" p JOIN ").append(service.resourceTable())
                    .append(" r ON r.id = p.").append(service.performanceResourceColumn()).append(" WHERE r.scan_run_id IN (").append(in)
                    .append("))");
        }
        return database.count(sql.toString());
    }

    /** 288 five-minute points a day for each running EC2 instance of the tenant's scans between the two SQL instants. */
    private void addMetrics(String between) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO ec2_performance (ec2_instance_id, client_id, `timestamp`, cpu_utilization, network_in, network_out)"
                    + " SELECT e.id, e.client_id, e.scan_timestamp - INTERVAL p.seq * 5 MINUTE, 10 + (e.id + p.seq) % 80,"
                    + " 1000 * (p.seq % 17), 800 * (p.seq % 13) FROM ec2_instances e JOIN seq_1_to_288 p"
                    + " WHERE e.client_id = " + tenant + " AND e.state = 'running' AND e.scan_timestamp BETWEEN " + between);
        }
    }

    private static void report(String how, int runs, Deletion deletion, Latencies baseline, Latencies during) {
        double seconds = deletion.nanos / 1e9;
        System.out.printf("one month of one tenant deleted, %s:%n", how);
        System.out.printf("  %d runs, %,d rows in %.2f s: %,.0f rows/s; %d statements, longest %.1f ms%n", runs, deletion.rows, seconds,
                deletion.rows / seconds, deletion.statements, deletion.longestNanos / 1e6);
        System.out.printf("  concurrent %d-row INSERTs every %d ms: no deletion %s; during it %s; p50 ratio %.2f, p99 ratio %.2f%n",
                INSERT_ROWS, INSERT_PACE_MILLIS, baseline, during, during.millis(50) / baseline.millis(50),
                during.millis(99) / baseline.millis(99));
    }

    /** Deletes over one connection in autocommit, every statement its own transaction, timing each. */
    private final class Deletion implements AutoCloseable {
        private final Connection connection;
        long rows;
        long nanos;
        long longestNanos;
        int statements;

        Deletion() throws SQLException {
            this.connection = database.connect();
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }

        void deleteInBatches(long run, int batchRows) throws SQLException {
            ServiceType service = service(run);
            for (List<Long> ids = resourceIds(service, run, batchRows); !ids.isEmpty(); ids = resourceIds(service, run, batchRows)) {
                String in = String.join(", ", ids.stream().map(String::valueOf).toList());
                int deleted;
                do {
                    deleted = timed("DELETE FROM " + service.performanceTable() + " WHERE " + service.performanceResourceColumn()
                            + " IN (" + in + ") LIMIT " + batchRows);
                } while (deleted == batchRows);
                timed("DELETE FROM " + service.resourceTable() + " WHERE id IN (" + in + ")");
            }
            timed("DELETE FROM scan_runs WHERE id = " + run);
        }

        int timed(String sql) throws SQLException {
            try (Statement s = connection.createStatement()) {
                long start = System.nanoTime();
                int deleted = s.executeUpdate(sql);
                long took = System.nanoTime() - start;
                nanos += took;
                longestNanos = Math.max(longestNanos, took);
                statements++;
                rows += deleted;
                return deleted;
            }
        }

        private List<Long> resourceIds(ServiceType service, long run, int batchRows) throws SQLException {
            List<Long> ids = new ArrayList<>();
            long start = System.nanoTime();
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM "
                    + service.resourceTable() + " WHERE scan_run_id = " + run + " AND client_id = " + tenant + " ORDER BY id LIMIT " + batchRows)) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            nanos += System.nanoTime() - start;
            return ids;
        }

        private ServiceType service(long run) throws SQLException {
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT service_type FROM scan_runs WHERE id = " + run)) {
                rs.next();
                return ServiceType.fromId(rs.getString(1)).orElseThrow();
            }
        }
    }

    /** Ingestion's shape: a 500-row multi-row INSERT into ec2_instances every 50 ms, each timed. */
    private final class Inserts implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        private final long ingestingTenant;

        Inserts(long ingestingTenant) {
            this.ingestingTenant = ingestingTenant;
        }

        /** The latencies measured since the last call. */
        Latencies take() {
            List<Long> taken = new ArrayList<>();
            for (Long latency = latencies.poll(); latency != null; latency = latencies.poll()) {
                taken.add(latency);
            }
            return new Latencies(taken);
        }

        @Override
        public void run() {
            String row = "(?, ?, UTC_TIMESTAMP(6), ?, 't3.micro', 'running', 'us-east-1', '{}')";
            String sql = "INSERT INTO ec2_instances (scan_run_id, client_id, scan_timestamp, instance_id, instance_type, state, region, tags)"
                    + " VALUES " + String.join(", ", Collections.nCopies(INSERT_ROWS, row));
            try (Connection c = database.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO scan_runs (user_id, service_type, scan_timestamp, status) VALUES (" + ingestingTenant
                        + ", 'ec2', UTC_TIMESTAMP(6), 'success')", Statement.RETURN_GENERATED_KEYS);
                long run;
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    run = keys.getLong(1);
                }
                long next = 0;
                try (PreparedStatement insert = c.prepareStatement(sql)) {
                    while (!stop.get()) {
                        for (int i = 0; i < INSERT_ROWS; i++) {
                            insert.setLong(3 * i + 1, run);
                            insert.setLong(3 * i + 2, ingestingTenant);
                            insert.setString(3 * i + 3, String.format("i-%017x", next++));
                        }
                        long start = System.nanoTime();
                        insert.executeUpdate();
                        latencies.add(System.nanoTime() - start);
                        Thread.sleep(INSERT_PACE_MILLIS);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int setting(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }
}
