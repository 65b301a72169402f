package io.clouddiagnoze.metrics.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.resources.DiscoveredResource;
import io.clouddiagnoze.contracts.resources.Ec2Instance;
import io.clouddiagnoze.emulator.AwsEmulator;
import io.clouddiagnoze.metrics.Scans;
import io.clouddiagnoze.emulator.state.GeneratorSpec;
import io.clouddiagnoze.emulator.state.Instance;
import io.clouddiagnoze.emulator.state.Inventory;
import io.clouddiagnoze.emulator.state.InventoryGenerator;
import io.clouddiagnoze.testsupport.ServiceProcess;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestEvents;
import io.clouddiagnoze.testsupport.TestKafka;
import io.clouddiagnoze.testsupport.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures metrics-collector as packaged, against a real broker, the local MariaDB server and aws-emulator
 * holding {@code BENCH_INSTANCES} (10,000) EC2 instances: one scan's batches of 500 go through
 * {@code resources-stored}, and the collector reads 24 hours at 5 minutes of CPUUtilization, NetworkIn
 * and NetworkOut for each. It prints:
 * <ol>
 *   <li>GetMetricData calls per resource (as aws-emulator counted them), against one call per resource.
 *       Target: at most 0.01.</li>
 *   <li>Performance rows stored per second, from the first batch sent to the last row stored, against plain
 *       multi-row INSERTs of as many rows into the same table over one JDBC connection.</li>
 *   <li>The collector's peak RSS (VmHWM). Target: under 250 MB.</li>
 * </ol>
 * It exits non-zero if the rows stored are not exactly one per running instance and period. {@code BENCH_JVM}
 * replaces the collector's JVM options ({@code -Xmx96m -XX:+UseSerialGC}).
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * ./mvnw -q -pl metrics-collector exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.clouddiagnoze.metrics.bench.MetricsCollectorBenchmark
 * </pre>
 */
public final class MetricsCollectorBenchmark {
    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "200000000001";
    private static final int BATCH = 500;
    private static final int POINTS_PER_INSTANCE = 288;
    private static final int INSERT_ROWS_PER_STATEMENT = 1000;
    private static final Duration LIMIT = Duration.ofMinutes(10);
    private static final List<String> JVM_OPTIONS = List.of(System.getenv().getOrDefault("BENCH_JVM", "-Xmx96m -XX:+UseSerialGC").split(" "));
    private static final Pattern ROWS_STORED = Pattern.compile("^clouddiagnoze_metrics_rows_stored_total(?:\\{[^}]*})? (\\S+)$",
            Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private MetricsCollectorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(System.getenv().getOrDefault("BENCH_INSTANCES", "10000"));
        Inventory inventory = InventoryGenerator.generate(GeneratorSpec.parse(
                "accounts=1,instances=" + count + ",buckets=0,vpcs=4,databases=0,regions=" + REGION + ",seed=42"));
        List<Instance> instances = inventory.account(ACCOUNT).region(REGION).instances().all();
        long running = instances.stream().filter(i -> i.state().equals("running")).count();
        Map<String, String> config = new HashMap<>(new TestTokens().start());
        try (AwsEmulator emulator = AwsEmulator.start(0, inventory); TestDatabase database = TestDatabase.createMigrated();
             TestKafka kafka = TestKafka.start()) {
            config.putAll(Map.of("DB_USER", database.adminUser(), "DB_PASSWORD", database.adminPassword(),
                    "DB_HOST", database.host(), "DB_PORT", String.valueOf(database.port()), "DB_NAME", database.name(),
                    "kafka.bootstrap.servers", kafka.bootstrapServers(), "aws.endpointUrl", emulator.endpoint().toString(),
                    "aws.accessKeyId", "platform-bench-key", "aws.secretAccessKey", "platform-bench-secret", "aws.region", REGION));
            long tenant = database.tenant("arn:aws:iam::" + ACCOUNT + ":role/CloudDiagnozeScanner", "clouddiagnoze-" + ACCOUNT);
            Instant found = Instant.ofEpochSecond(Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond() / 300 * 300);
            try (ServiceProcess collector = ServiceProcess.start("metrics-collector", JVM_OPTIONS, config);
                 TestEvents scanners = new TestEvents(kafka.bootstrapServers())) {
                System.out.printf("metrics-collector benchmark: %d instances (%d running), %d cores, collector pid %d, log %s%n",
                        count, running, Runtime.getRuntime().availableProcessors(), collector.pid(), collector.log());
                List<DiscoveredResource> resources = instances.stream().<DiscoveredResource>map(MetricsCollectorBenchmark::resource).toList();
                long run = Scans.run(database, tenant, ServiceType.EC2, found);
                var rows = Scans.storeRows(database, tenant, run, ServiceType.EC2, resources);
                HTTP.send(HttpRequest.newBuilder(emulator.endpoint().resolve("/_emulator/calls")).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding());

                long expectedRows = running * POINTS_PER_INSTANCE;
                long started = System.nanoTime();
                for (int from = 0, sequence = 0; from < resources.size(); from += BATCH, sequence++) {
                    Scans.send(scanners, tenant, run, ServiceType.EC2, sequence,
                            rows.subList(from, Math.min(rows.size(), from + BATCH)), found);
                }
                awaitRowsStored(collector.base(), expectedRows);
                double seconds = (System.nanoTime() - started) / 1e9;
                long stored = database.count("SELECT COUNT(*) FROM ec2_performance WHERE client_id = " + tenant);
                long calls = getMetricDataCalls(emulator.endpoint());
                long peakRss = peakRssKib(collector.pid());

                long baselineRun = Scans.run(database, tenant, ServiceType.EC2, found.plusSeconds(1));
                Scans.storeRows(database, tenant, baselineRun, ServiceType.EC2, resources);
                double baselineSeconds = plainInserts(database, tenant, baselineRun, expectedRows);

                double perResource = calls / (double) count;
                System.out.printf("CloudWatch: %d GetMetricData calls for %d resources = %.4f calls per resource"
                        + " (baseline one call per resource: ratio %.4f; target at most 0.01: %s)%n",
                        calls, count, perResource, perResource, perResource <= 0.01 ? "met" : "MISSED");
                System.out.printf("stored: %,d rows in %.1f s = %,.0f rows/s; baseline plain INSERTs: %,d rows in %.1f s = %,.0f rows/s;"
                        + " ratio %.2f%n", stored, seconds, stored / seconds, expectedRows, baselineSeconds,
                        expectedRows / baselineSeconds, (stored / seconds) / (expectedRows / baselineSeconds));
                System.out.printf("collector peak RSS: %.0f MB with %s (target under 250 MB: %s)%n", peakRss / 1024.0, JVM_OPTIONS,
                        peakRss < 250 * 1024 ? "met" : "MISSED");
                if (stored != expectedRows) {
                    System.out.printf("FAILED: %,d rows stored, expected %,d (%d running instances × %d periods)%n", stored,
                            expectedRows, running, POINTS_PER_INSTANCE);
                    System.exit(1);
                }
            }
        }
    }

    private static Ec2Instance resource(Instance instance) {
        return new Ec2Instance(instance.id(), "t3.micro", instance.state(), REGION, null, "10.0.0.1", Map.of(), null, null, null,
                null, true, List.of(), List.of());
    }

    private static void awaitRowsStored(URI collector, long expected) throws IOException, InterruptedException {
        HttpRequest metrics = HttpRequest.newBuilder(collector.resolve("/q/metrics")).build();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher stored = ROWS_STORED.matcher(HTTP.send(metrics, HttpResponse.BodyHandlers.ofString()).body());
            if (stored.find() && Double.parseDouble(stored.group(1)) >= expected) {
                return;
            }
            Thread.sleep(200);
        }
        System.out.printf("the collector did not store %,d rows within %d minutes%n", expected, LIMIT.toMinutes());
    }

    private static long getMetricDataCalls(URI emulator) throws IOException, InterruptedException {
        String calls = HTTP.send(HttpRequest.newBuilder(emulator.resolve("/_emulator/calls")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new ObjectMapper().readTree(calls).path("monitoring:GetMetricData").path("calls").asLong();
    }

    /** The same number of rows for the baseline run's instances, in multi-row INSERTs over one connection. */
    private static double plainInserts(TestDatabase database, long tenant, long run, long rows) throws SQLException {
        try (Connection c = database.connect()) {
            List<Long> ids = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM ec2_instances WHERE scan_run_id = " + run)) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            String sql = "INSERT INTO ec2_performance (ec2_instance_id, client_id, `timestamp`, cpu_utilization, network_in, network_out)"
                    + " VALUES " + String.join(", ", Collections.nCopies(INSERT_ROWS_PER_STATEMENT, "(?, ?, ?, ?, ?, ?)"));
            LocalDateTime start = LocalDateTime.now(ZoneOffset.UTC).minusDays(1);
            long begun = System.nanoTime();
            try (PreparedStatement insert = c.prepareStatement(sql)) {
                long written = 0;
                while (written < rows) {
                    for (int r = 0; r < INSERT_ROWS_PER_STATEMENT; r++, written++) {
                        int p = r * 6;
                        insert.setLong(p + 1, ids.get((int) (written / POINTS_PER_INSTANCE % ids.size())));
                        insert.setLong(p + 2, tenant);
                        insert.setObject(p + 3, start.plusMinutes(5 * (written % POINTS_PER_INSTANCE)));
                        insert.setDouble(p + 4, 42.5);
                        insert.setDouble(p + 5, 1.5e7);
                        insert.setDouble(p + 6, 1.1e7);
                    }
                    insert.executeUpdate();
                }
            }
            return (System.nanoTime() - begun) / 1e9;
        }
    }

    private static long peakRssKib(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(line -> line.startsWith("VmHWM:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(-1L);
    }
}
