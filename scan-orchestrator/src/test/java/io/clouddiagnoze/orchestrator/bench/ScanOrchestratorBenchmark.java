package io.clouddiagnoze.orchestrator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.resources.Ec2Instance;
import io.clouddiagnoze.orchestrator.Fixtures;
import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import io.clouddiagnoze.orchestrator.resources.ResourceTables;
import io.clouddiagnoze.testsupport.Latencies;
import io.clouddiagnoze.testsupport.ServiceProcess;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestEvents;
import io.clouddiagnoze.testsupport.TestKafka;
import io.clouddiagnoze.testsupport.TestTokens;
import io.clouddiagnoze.testsupport.YearOfScans;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Measures scan-orchestrator as packaged, against a real broker and the local MariaDB server:
 *
 * <ol>
 *   <li><b>Ingest:</b> resource rows per second from {@code resources-discovered} batches on Kafka into
 *       MariaDB, until every scan run is closed, against plain multi-row INSERTs of the same rows into
 *       the same table over one JDBC connection, in the same run. Target: ratio at least 0.5.</li>
 *   <li><b>Inventory queries:</b> p50 and p99 latency of {@code GET /api/inventory/...} with 50
 *       concurrent clients over 7.3 million resource rows of 100 tenants (a year of daily scans of
 *       the four services, 50 resources each). Target: p99 under 20 ms.</li>
 * </ol>
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * ./mvnw -q -pl scan-orchestrator exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.clouddiagnoze.orchestrator.bench.ScanOrchestratorBenchmark
 * </pre>
 *
 * Sizes: {@code INGEST_TENANTS} (20) scans of {@code INGEST_INSTANCES} (10,000) EC2 instances each;
 * {@code QUERY_TENANTS} (100) × {@code QUERY_DAYS} (365) × 4 services × 50 resources, queried by
 * {@code QUERY_CLIENTS} (50) clients.
 */
public final class ScanOrchestratorBenchmark {
    /** Writes the JSON columns of the baseline's rows, as the service's mapper does. */
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Scans ingested both ways before the measured ones, so that the code measured is compiled. */
    private static final int WARM_UP_TENANTS = 10;
    private static final int RESOURCES_PER_SCAN = 50;
    private static final int QUERY_CLIENTS = setting("QUERY_CLIENTS", 50);
    private static final Duration QUERY_WARM_UP = Duration.ofSeconds(10);
    private static final Duration QUERY_TIME = Duration.ofSeconds(30);
    private static final Duration QUERY_PACE = Duration.ofMillis(setting("QUERY_PACE_MS", 250));
    private static final Duration INGEST_LIMIT = Duration.ofMinutes(10);
    private static final List<String> INVENTORY_QUERIES = List.of(
            "/api/inventory/s3?public=true&encrypted=false",
            "/api/inventory/s3",
            "/api/inventory/ec2?state=running&region=eu-west-1",
            "/api/inventory/ec2?tag:env=prod",
            "/api/inventory/rds?public=true",
            "/api/inventory/vpc");

    private final TestDatabase database;
    private final URI orchestrator;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ScanOrchestratorBenchmark(TestDatabase database, URI orchestrator) {
        this.database = database;
        this.orchestrator = orchestrator;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> config = new HashMap<>(new TestTokens().start());
        try (TestDatabase database = TestDatabase.createMigrated(); TestKafka kafka = TestKafka.start()) {
            config.putAll(Map.of("DB_USER", database.adminUser(), "DB_PASSWORD", database.adminPassword(),
                    "DB_HOST", database.host(), "DB_PORT", String.valueOf(database.port()), "DB_NAME", database.name(),
                    "kafka.bootstrap.servers", kafka.bootstrapServers()));
            try (ServiceProcess service = ServiceProcess.start("scan-orchestrator", List.of("-Xmx512m"), config);
                 TestEvents scanners = new TestEvents(kafka.bootstrapServers())) {
                ScanOrchestratorBenchmark benchmark = new ScanOrchestratorBenchmark(database, service.base());
                System.out.printf("scan-orchestrator benchmark (%d cores; orchestrator pid %d, log %s)%n",
                        Runtime.getRuntime().availableProcessors(), service.pid(), service.log());
                benchmark.ingest(scanners, setting("INGEST_TENANTS", 20), setting("INGEST_INSTANCES", 10_000));
                benchmark.queries(setting("QUERY_TENANTS", 100), setting("QUERY_DAYS", 365));
            }
        }
    }

    private void ingest(TestEvents scanners, int tenants, int instancesPerScan) throws Exception {
        List<Ec2Instance> instances = LongStream.range(0, instancesPerScan)
                .mapToObj(i -> Fixtures.instance(String.format("i-%017x", i), "us-east-1", i % 4 == 0 ? "203.0.113.7" : null, i % 3 != 0))
                .toList();
        List<List<Ec2Instance>> batches = Fixtures.inBatches(instances);
        long rows = (long) tenants * instancesPerScan;

        throughKafka(scanners, WARM_UP_TENANTS, batches, instancesPerScan);
        KafkaIngest measured = throughKafka(scanners, tenants, batches, instancesPerScan);

        plainInserts(startScans(WARM_UP_TENANTS), batches);
        Map<Long, Long> baselineRuns = startScans(tenants);
        double baselineSeconds = plainInserts(baselineRuns, batches);
        requireRows(baselineRuns.values(), rows);

        double ingestRate = rows / measured.closedSeconds();
        double baselineRate = rows / baselineSeconds;
        System.out.printf("ingest: %d scans of %d EC2 instances in batches of %d (%,d rows)%n", tenants, instancesPerScan, Fixtures.MAX_BATCH, rows);
        System.out.printf("  through Kafka into MariaDB, until every run closed: %8.2f s  %,10.0f rows/s"
                + " (the scanners' events were all sent after %.2f s)%n", measured.closedSeconds(), ingestRate, measured.sentSeconds());
        System.out.printf("  findings opened by these runs: %,d; their findings-changed events all out after %.2f s%n",
                measured.findingsOpened(), measured.findingEventsOutSeconds());
        System.out.printf("  baseline, plain multi-row INSERTs over one JDBC connection: %8.2f s  %,10.0f rows/s%n", baselineSeconds, baselineRate);
        System.out.printf("  ratio ingest / baseline: %.2f (target at least 0.5)%n", ingestRate / baselineRate);
    }

    /**
     * Scans of {@code tenants} new tenants, their batches sent as scanners would and waited for until
     * every run is closed, and then until their resource changes are out, so that nothing competes with
     * what is measured next.
     */
    private KafkaIngest throughKafka(TestEvents scanners, int tenants, List<List<Ec2Instance>> batches, int instancesPerScan)
            throws Exception {
        Map<Long, Long> runs = startScans(tenants);
        long start = System.nanoTime();
        for (int sequence = 0; sequence < batches.size(); sequence++) {
            for (Map.Entry<Long, Long> run : runs.entrySet()) {
                Fixtures.batch(scanners, run.getKey(), run.getValue(), ServiceType.EC2, sequence, batches.get(sequence));
            }
        }
        runs.forEach((tenant, run) -> Fixtures.result(scanners, tenant, run, ServiceType.EC2, instancesPerScan));
        double sentSeconds = (System.nanoTime() - start) / 1e9;
        awaitAll(runs.values(), "status = 'success'");
        double closedSeconds = (System.nanoTime() - start) / 1e9;
        requireRows(runs.values(), (long) tenants * instancesPerScan);
        awaitAll(runs.values(), "changes_published_at IS NOT NULL");
        long opened = database.count("SELECT COUNT(*) FROM findings WHERE first_seen_scan_run_id IN (" + sqlList(runs.values()) + ")");
        long deadline = System.nanoTime() + INGEST_LIMIT.toNanos();
        while (database.count("SELECT COUNT(*) FROM finding_changes") > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("findings-changed events still waiting after " + INGEST_LIMIT.toMinutes() + " minutes");
            }
            Thread.sleep(20);
        }
        return new KafkaIngest(sentSeconds, closedSeconds, opened, (System.nanoTime() - start) / 1e9);
    }

    /**
     * How long after the first batch the last event was sent, and every run was closed; how many findings the runs
     * opened, and when the last of their findings-changed events was out.
     */
    private record KafkaIngest(double sentSeconds, double closedSeconds, long findingsOpened, double findingEventsOutSeconds) {
    }

    /** Starts one EC2 scan through the API for each of {@code count} new tenants: tenant → scan run. */
    private Map<Long, Long> startScans(int count) throws Exception {
        Map<Long, Long> runs = new HashMap<>();
        for (int i = 0; i < count; i++) {
            long tenant = Fixtures.tenant(database);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(orchestrator.resolve("/api/scans"))
                    .header("Authorization", "Bearer " + TestTokens.user(tenant)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"services\": [\"ec2\"]}")).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("POST /api/scans answered " + response.statusCode() + ": " + response.body());
            }
            runs.put(tenant, Long.parseLong(response.body().replaceAll("(?s).*?\"id\"\\s*:\\s*(\\d+).*", "$1")));
        }
        return runs;
    }

    /** Waits until every one of {@code runs} meets {@code condition}. */
    private void awaitAll(Collection<Long> runs, String condition) throws Exception {
        String ids = sqlList(runs);
        long deadline = System.nanoTime() + INGEST_LIMIT.toNanos();
        while (database.count("SELECT COUNT(*) FROM scan_runs WHERE " + condition + " AND id IN (" + ids + ")") < runs.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not every scan run met " + condition + " within " + INGEST_LIMIT.toMinutes() + " minutes");
            }
            Thread.sleep(20);
        }
    }

    private void requireRows(Collection<Long> runs, long expected) throws SQLException {
        long stored = database.count("SELECT COUNT(*) FROM ec2_instances WHERE scan_run_id IN (" + sqlList(runs) + ")");
        if (stored != expected) {
            throw new IllegalStateException(stored + " rows stored, " + expected + " expected");
        }
    }

    /** The same rows, in the same table, as one multi-row INSERT per batch: what a hand-written loader would do. */
    private double plainInserts(Map<Long, Long> runs, List<List<Ec2Instance>> batches) throws SQLException {
        ResourceTable<Ec2Instance> table = ResourceTables.EC2;
        String row = "(" + String.join(", ", Collections.nCopies(table.columns().size() + 3, "?")) + ")";
        try (Connection connection = database.connect();
             PreparedStatement timestamps = connection.prepareStatement("SELECT scan_timestamp FROM scan_runs WHERE id = ?")) {
            Map<Long, Object> scanTimestamps = new HashMap<>();
            for (long run : runs.values()) {
                timestamps.setLong(1, run);
                try (ResultSet rs = timestamps.executeQuery()) {
                    rs.next();
                    scanTimestamps.put(run, rs.getObject(1));
                }
            }
            long start = System.nanoTime();
            for (List<Ec2Instance> batch : batches) {
                String sql = "INSERT INTO " + table.table() + " (scan_run_id, client_id, scan_timestamp, " + table.columnList()
                        + ") VALUES " + String.join(", ", Collections.nCopies(batch.size(), row));
                try (PreparedStatement insert = connection.prepareStatement(sql)) {
                    for (Map.Entry<Long, Long> run : runs.entrySet()) {
                        int parameter = 1;
                        for (Ec2Instance instance : batch) {
                            insert.setLong(parameter++, run.getValue());
                            insert.setLong(parameter++, run.getKey());
                            insert.setObject(parameter++, scanTimestamps.get(run.getValue()));
                            for (Object value : table.bind(instance, JSON)) {
                                insert.setObject(parameter++, value);
                            }
                        }
                        insert.executeUpdate();
                    }
                }
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private void queries(int tenants, int days) throws Exception {
        long fillStart = System.nanoTime();
        List<Long> tenantIds = fillOneYear(tenants, days);
        analyze();
        long rows = database.count("SELECT (SELECT COUNT(*) FROM ec2_instances) + (SELECT COUNT(*) FROM s3_buckets)"
                + " + (SELECT COUNT(*) FROM vpc_instances) + (SELECT COUNT(*) FROM rds_instances)");
        System.out.printf("inventory queries: %d tenants, %d daily scans of 4 services with %d resources each;"
                        + " %,d resource rows in the database (filled in %.0f s)%n",
                tenants, days, RESOURCES_PER_SCAN, rows, (System.nanoTime() - fillStart) / 1e9);

        Map<Long, String> tokens = new HashMap<>();
        tenantIds.forEach(tenant -> tokens.put(tenant, TestTokens.user(tenant)));
        load(tenantIds, tokens, QUERY_WARM_UP, Duration.ZERO);
        report("one query after another", load(tenantIds, tokens, QUERY_TIME, Duration.ZERO));
        report("one query every " + QUERY_PACE.toMillis() + " ms each", load(tenantIds, tokens, QUERY_TIME, QUERY_PACE));
    }

    private static void report(String pace, LoadResult result) {
        Latencies latencies = new Latencies(result.latencies());
        System.out.printf("  %d clients, %s, %d s: %s, %.0f requests/s, %d failed; p99 target under 20 ms%n",
                QUERY_CLIENTS, pace, QUERY_TIME.toSeconds(), latencies, latencies.count() / (double) QUERY_TIME.toSeconds(),
                result.failures());
    }

    private record LoadResult(List<Long> latencies, long failures) {
    }

    /**
     * {@link #QUERY_CLIENTS} clients sending inventory queries of random tenants for {@code time}: one
     * after another when {@code pace} is zero, else each at most one per {@code pace}. A latency counts
     * from when the query was due, so that a late start is not hidden.
     */
    private LoadResult load(List<Long> tenants, Map<Long, String> tokens, Duration time, Duration pace) throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong failures = new AtomicLong();
        long deadline = System.nanoTime() + time.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(QUERY_CLIENTS);
        for (int c = 0; c < QUERY_CLIENTS; c++) {
            clients.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                long due = System.nanoTime() + random.nextLong(Math.max(1, pace.toNanos()));
                while (due < deadline) {
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    long tenant = tenants.get(random.nextInt(tenants.size()));
                    HttpRequest request = HttpRequest.newBuilder(orchestrator.resolve(INVENTORY_QUERIES.get(random.nextInt(INVENTORY_QUERIES.size()))))
                            .header("Authorization", "Bearer " + tokens.get(tenant)).build();
                    long start = Math.min(due, System.nanoTime());
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        latencies.add(System.nanoTime() - start);
                        if (response.statusCode() != 200 || !response.body().contains("\"total\"")) {
                            failures.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    }
                    due = pace.isZero() ? System.nanoTime() : due + pace.toNanos();
                }
                return null;
            });
        }
        clients.shutdown();
        clients.awaitTermination(time.toSeconds() + 60, TimeUnit.SECONDS);
        return new LoadResult(new ArrayList<>(latencies), failures.get());
    }

    /** A year of daily, successful scans of the four services for {@code tenants} new tenants. */
    private List<Long> fillOneYear(int tenants, int days) throws SQLException {
        List<Long> tenantIds = new ArrayList<>();
        for (int i = 0; i < tenants; i++) {
            tenantIds.add(Fixtures.tenant(database));
        }
        try (Connection connection = database.connect()) {
            YearOfScans.fill(connection, tenantIds, days, RESOURCES_PER_SCAN);
        }
        return tenantIds;
    }

    /** Refreshes the optimizer's statistics after the bulk load, as a nightly maintenance run would. */
    private void analyze() throws SQLException {
        try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
            sql.execute("ANALYZE TABLE scan_runs, ec2_instances, s3_buckets, vpc_instances, rds_instances");
        }
    }

    private static String sqlList(Collection<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static int setting(String name, int defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value);
    }
}
