package io.clouddiagnoze.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.clouddiagnoze.contracts.ServiceType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The running system (deploy/local/stack.sh up) as the fault cases use it: its API, database, topics and processes; a
 * new tenant per case whose account aws-emulator generates; and the baseline every case compares with, what a scan with
 * no fault stores of such an account, measured once before the first case.
 *
 * <p>Settings: RELIABILITY_SPEC (the generated account), RUN_DIR (the stack's, {@code <repo>/.run}), GATEWAY_PORT (8080),
 * EMULATOR_PORT (4566), and the database's as {@link Database} reads them.
 */
final class Faults {
    static final List<String> ALL_SERVICES = List.of("ec2", "s3", "vpc", "rds");
    /**
     * Per region, 1,000 instances are four DescribeInstances pages, each slowed down to a second when a case needs the
     * scan to last while it strikes.
     */
    private static final String SPEC = System.getenv().getOrDefault("RELIABILITY_SPEC",
            "instances=1000,buckets=6,vpcs=3,databases=4,regions=us-east-1+eu-west-1,seed=11");
    private static final Duration SCAN_LIMIT = Duration.ofSeconds(300);
    private static Faults system;

    final Api api;
    final Database database = Database.fromEnvironment();
    final StackControl stack;
    final Bus bus;
    private final Map<String, Long> expected = new HashMap<>();
    private long baselineSeconds;
    private boolean baselineHeld;

    private Faults(Path repo) throws IOException {
        Path runDir = Path.of(System.getenv().getOrDefault("RUN_DIR", repo.resolve(".run").toString()));
        this.api = new Api(URI.create("http://127.0.0.1:" + SystemBenchmark.setting("GATEWAY_PORT", 8080)),
                URI.create("http://127.0.0.1:" + SystemBenchmark.setting("EMULATOR_PORT", 4566)));
        this.stack = new StackControl(repo, runDir);
        this.bus = new Bus(stack.secrets().get("KAFKA_ADMIN_PASSWORD"));
    }

    /** The system, with its baseline measured the first time; a baseline that failed fails every case after it. */
    static synchronized Faults get() throws Exception {
        if (system == null) {
            system = new Faults(Path.of(System.getProperty("clouddiagnoze.repo", "..")).toAbsolutePath().normalize());
            system.clearFaults();
            system.baseline();
        }
        if (!system.baselineHeld) {
            throw new IllegalStateException("no baseline to compare with: it failed (see its row)");
        }
        return system;
    }

    private void baseline() throws Exception {
        Api.Tenant tenant = tenant("baseline");
        long started = System.nanoTime();
        List<Long> runs = api.scan(tenant, ALL_SERVICES);
        awaitClosed(runs);
        baselineSeconds = secondsSince(started);
        database.runs(runs).forEach(run -> expected.put(run.service(), run.rowsStored()));
        verdict("baseline", runs, "a scan with no fault, " + baselineSeconds + " s");
        baselineHeld = true;
    }

    long baselineSeconds() {
        return baselineSeconds;
    }

    /** How many resources of {@code service} the baseline found. */
    long expected(String service) {
        return expected.getOrDefault(service, 0L);
    }

    /** A new tenant whose account aws-emulator generates from RELIABILITY_SPEC. */
    Api.Tenant tenant(String name) {
        return tenant(name, SPEC);
    }

    /** A new tenant whose account aws-emulator generates from {@code spec}, or copies from the demo account when it is null. */
    Api.Tenant tenant(String name, String spec) {
        String account = String.format("6%011d", Math.floorMod(System.nanoTime(), 100_000_000_000L));
        return api.tenant("reliability-" + name, account, spec);
    }

    /** An aws-emulator fault for the tenant's role: {@code rule}'s other members say which calls, and what they do. */
    void fault(Api.Tenant tenant, Map<String, Object> rule) {
        Map<String, Object> forRole = new HashMap<>(rule);
        forRole.put("roleArn", tenant.roleArn());
        api.admin("/_emulator/faults", forRole);
    }

    /** Every DescribeInstances page of the tenant takes a second, so that an EC2 scan lasts some 10 s. */
    void slowEc2(Api.Tenant tenant) {
        fault(tenant, Map.of("service", "ec2", "operation", "DescribeInstances", "type", "latency", "latencyMs", 1000));
    }

    /** Every fault rule aws-emulator holds, with how many calls each matched. */
    JsonNode faultRules() {
        return api.admin("GET", "/_emulator/faults", null);
    }

    void clearFaults() {
        api.admin("DELETE", "/_emulator/faults", null);
    }

    /** The scan run as the tenant's API shows it. */
    JsonNode view(Api.Tenant tenant, long run) {
        return api.get("/api/scans/" + run, tenant.token());
    }

    /** A scan of one service by the tenant, waited for until it closed: its run. */
    long scanToEnd(Api.Tenant tenant, String service) throws SQLException, InterruptedException {
        long run = api.scan(tenant, List.of(service)).get(0);
        awaitClosed(List.of(run));
        return run;
    }

    /** Until none of the runs is in progress, for at most 5 minutes; the verdict that follows names any left open. */
    void awaitClosed(List<Long> runs) throws SQLException, InterruptedException {
        try {
            database.awaitClosed(runs, SCAN_LIMIT);
        } catch (IllegalStateException stillOpen) {
            System.out.println("      " + stillOpen.getMessage());
        }
    }

    long openRuns(List<Long> runs) throws SQLException {
        return database.count("SELECT COUNT(*) FROM scan_runs WHERE status = 'in_progress' AND id IN (" + Database.sqlList(runs) + ")");
    }

    /** Rows of the runs in any resource table. */
    long rows(List<Long> runs) throws SQLException {
        long rows = 0;
        for (ServiceType service : ServiceType.values()) {
            rows += database.count("SELECT COUNT(*) FROM " + service.resourceTable() + " WHERE scan_run_id IN (" + Database.sqlList(runs) + ")");
        }
        return rows;
    }

    /** Whether every run succeeded with as many rows as the baseline found, none twice; what each stored; rows lost or doubled. */
    record Exactness(boolean held, String detail, long lost) {
    }

    Exactness exact(List<Long> runs) throws SQLException {
        boolean held = true;
        long lost = 0;
        StringBuilder detail = new StringBuilder();
        for (Database.Run run : database.runs(runs)) {
            detail.append(detail.isEmpty() ? "" : "; ").append(run.service()).append(' ').append(run.status()).append(' ').append(run.rowsStored());
            long want = expected.getOrDefault(run.service(), run.totalResources());
            if (!run.status().equals("success") || run.rowsStored() != want || run.totalResources() != want || run.distinctRows() != run.rowsStored()) {
                held = false;
                lost += Math.max(0, want - run.rowsStored()) + run.rowsStored() - run.distinctRows();
            }
        }
        return new Exactness(held && !detail.isEmpty(), detail.toString(), lost);
    }

    /** The case holds when the runs ended exact. */
    void verdict(String name, List<Long> runs, String tried) throws SQLException {
        Exactness exact = exact(runs);
        FaultTable.verdict(name, exact.held(), tried + ": " + exact.detail(), exact.lost());
    }

    /** Something done to the system while a scan runs. */
    interface Fault {
        void strike() throws Exception;
    }

    /**
     * A new tenant's scan of {@code services}, with EC2 slowed down; {@code fault} strikes {@code delay} into it; then
     * every run must close exact. A fault that came after the scan had closed tried nothing, and fails.
     */
    void strike(String name, List<String> services, Duration delay, String tried, Fault fault) throws Exception {
        Api.Tenant tenant = tenant(name);
        slowEc2(tenant);
        List<Long> runs = api.scan(tenant, services);
        Thread.sleep(delay.toMillis());
        long open = openRuns(runs);
        fault.strike();
        awaitClosed(runs);
        struck(name, runs, tried, open);
    }

    /** The verdict of a case whose fault struck while {@code open} of the runs were in progress. */
    void struck(String name, List<Long> runs, String tried, long open) throws SQLException {
        if (open == 0) {
            FaultTable.verdict(name, false, tried + ": the scan had closed before the fault", 0);
        }
        verdict(name, runs, tried + ", " + open + " of " + runs.size() + " runs in progress");
    }

    static long secondsSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000_000L;
    }
}
