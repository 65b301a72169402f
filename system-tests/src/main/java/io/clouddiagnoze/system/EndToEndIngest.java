package io.clouddiagnoze.system;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.system.Report.Verdict;
import io.clouddiagnoze.testsupport.PrometheusText;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * (1) One tenant whose account holds {@code instances} EC2 instances plus buckets, VPCs and databases: from the scan
 * request to every row stored, against (a) plain multi-row INSERTs of the same rows into the same database and (b)
 * a bare loop of ec2-scanner's SDK calls that INSERTs each page. (4) The peak RSS of every process meanwhile.
 */
final class EndToEndIngest {
    private static final List<String> SERVICES = List.of("ec2", "s3", "vpc", "rds");
    private static final String REGION = "us-east-1";
    private static final Duration LIMIT = Duration.ofMinutes(5);
    private static final Duration QUIET = Duration.ofSeconds(5);
    /** CloudQuery's published AWS sync rate, the reference the issue names. */
    private static final double CLOUDQUERY_RESOURCES_PER_SECOND = 5_000;

    /** This run, in seconds since the epoch: no two runs share an account. */
    private static final long RUN = System.currentTimeMillis() / 1000;

    private final Api api;
    private final Database database;
    private final Processes processes;
    private final BareLoop bareLoop;
    private final Report report;

    EndToEndIngest(Api api, Database database, Processes processes, BareLoop bareLoop, Report report) {
        this.api = api;
        this.database = database;
        this.processes = processes;
        this.bareLoop = bareLoop;
        this.report = report;
    }

    /** The measured scan's rows per second, for the scale-out estimate. */
    record Rates(double rowsPerSecond, double ec2ResourcesPerSecond) {
    }

    Rates run(int instances) throws Exception {
        System.out.printf("%n(1) end-to-end ingest: %,d EC2 instances plus buckets, VPCs and databases in one account%n", instances);
        scan(tenant("warm-up", instances / 10, 1));

        Api.Tenant tenant = tenant("ingest", instances, 2);
        processes.resetPeaks();
        Map<String, Double> cpuBefore = processes.cpuSeconds();
        long start = System.nanoTime();
        List<Database.Run> runs = scan(tenant);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> cpuAfter = processes.cpuSeconds();
        Map<String, Double> peaks = processes.peakRssMib();

        long rows = runs.stream().mapToLong(Database.Run::rowsStored).sum();
        checkStoredWhole(runs);
        Database.Run ec2 = runs.stream().filter(run -> run.service().equals("ec2")).findFirst().orElseThrow();
        report.check(ec2.rowsStored() == instances, "ingest: " + ec2.rowsStored() + " EC2 rows stored, " + instances + " in the account");
        double rate = rows / seconds;

        double metricsSeconds = awaitMetricsCollected();
        report.breakdown(String.format("(1) metrics-collector stored the scan's last metrics %.0f s after the last run closed;"
                + " the baselines ran after that, on a database with nothing else to do", metricsSeconds));
        double plainSeconds = plainInserts(tenant, runs);
        double plainRate = rows / plainSeconds;
        double bareSeconds = bareLoop(tenant, instances);

        report.figure("(1) end-to-end ingest, " + String.format("%,d", rows) + " resources (" + String.format("%,d", instances)
                        + " EC2 instances)", String.format("%.1f s from the scan request to every row stored: %,.0f resources/s", seconds, rate),
                String.format("(a) plain 500-row INSERTs of the same rows: %.1f s, %,.0f rows/s — ratio %.2f", plainSeconds, plainRate,
                        rate / plainRate), "≥ 0.5 of (a)", rate / plainRate >= 0.5 ? Verdict.MET : Verdict.MISSED);
        report.figure("(1) the EC2 scan alone", String.format("%.1f s until its run closed: %,.0f resources/s (%.1f× CloudQuery's published"
                        + " %,.0f/s)", ec2.closed(), instances / ec2.closed(), instances / ec2.closed() / CLOUDQUERY_RESOURCES_PER_SECOND,
                        CLOUDQUERY_RESOURCES_PER_SECOND),
                String.format("(b) bare loop of the same SDK calls, INSERTing each page: %.1f s — the system takes %.2f× its time",
                        bareSeconds, ec2.closed() / bareSeconds), "≤ 1.5× (b)",
                ec2.closed() / bareSeconds <= 1.5 ? Verdict.MET : Verdict.MISSED);
        for (Database.Run run : runs) {
            report.breakdown(String.format("(1) %s run: request published after %.2f s, last event %.2f s, closed %.2f s, %,d rows",
                    run.service(), run.published(), run.lastEvent(), run.closed(), run.rowsStored()));
        }
        List<String> cpu = new ArrayList<>();
        cpuAfter.forEach((name, after) -> cpu.add(String.format("%s %.1f s", name, after - cpuBefore.getOrDefault(name, 0.0))));
        report.breakdown(String.format("(1) CPU time during the %.1f s scan (%d cores: %.1f s available): %s", seconds,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors() * seconds, String.join(", ", cpu)));
        memory(peaks);
        return new Rates(rate, instances / ec2.closed());
    }

    /**
     * A new tenant whose account, the {@code n}th of this run, holds {@code instances} EC2 instances, and a bucket, a
     * database and a tenth of a VPC for every hundred of them.
     */
    Api.Tenant tenant(String name, int instances, int n) {
        return api.tenant(name, account(n), String.format("instances=%d,buckets=%d,vpcs=%d,databases=%d,regions=%s,seed=%d", instances,
                instances / 500, Math.max(1, instances / 5000), instances / 500, REGION, 7 + n));
    }

    /** The seconds from {@code tenant}'s scan request until all four of its runs closed, each a success. */
    double seconds(Api.Tenant tenant) throws Exception {
        long start = System.nanoTime();
        List<Database.Run> runs = scan(tenant);
        double seconds = (System.nanoTime() - start) / 1e9;
        checkStoredWhole(runs);
        return seconds;
    }

    /** Checks that each run closed with success and stored every resource it counted. */
    private void checkStoredWhole(List<Database.Run> runs) {
        for (Database.Run run : runs) {
            report.check(run.status().equals("success"), "ingest: the " + run.service() + " run " + run.id() + " closed " + run.status());
            report.check(run.rowsStored() == run.totalResources(), "ingest: the " + run.service() + " run " + run.id() + " counted "
                    + run.totalResources() + " resources and stored " + run.rowsStored());
        }
    }

    /** Scans the four services of {@code tenant} in the region, until every run is closed: the runs as stored. */
    private List<Database.Run> scan(Api.Tenant tenant) throws Exception {
        List<Long> ids = api.scan(tenant, SERVICES, List.of(REGION));
        database.awaitClosed(ids, LIMIT);
        return database.runs(ids);
    }

    /**
     * Waits until metrics-collector has read every batch (no consumer lag) and stored nothing for {@code QUIET}: the
     * seconds that took. Its rows for a 100,000-instance scan take a minute or more to write, and would slow the baselines.
     */
    private double awaitMetricsCollected() throws Exception {
        long start = System.nanoTime();
        long deadline = start + LIMIT.toNanos();
        double stored = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            String metrics = Stack.metrics("metrics-collector");
            double lag = PrometheusText.sum(metrics, "kafka_consumer_fetch_manager_records_lag", "topic=\"resources-stored\"");
            double now = PrometheusText.sum(metrics, "clouddiagnoze_metrics_rows_stored_total");
            if (now != stored || lag > 0) {
                stored = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > QUIET.toNanos()) {
                return (quietSince - start) / 1e9;
            }
            Thread.sleep(500);
        }
        report.check(false, "ingest: metrics-collector was still busy " + LIMIT + " after the scan");
        return LIMIT.toSeconds();
    }

    /** Baseline (a): the rows the scan stored, read back, then INSERTed again under new runs over one connection. */
    private double plainInserts(Api.Tenant tenant, List<Database.Run> runs) throws Exception {
        try (Connection connection = database.connect()) {
            List<Database.Rows> copies = new ArrayList<>();
            List<Long> targets = new ArrayList<>();
            for (Database.Run run : runs) {
                copies.add(Database.rowsOf(connection, ServiceType.fromId(run.service()).orElseThrow().resourceTable(), run.id()));
                targets.add(database.openRun(connection, tenant.id(), run.service()));
            }
            long start = System.nanoTime();
            for (int i = 0; i < copies.size(); i++) {
                Database.insert(connection, targets.get(i), copies.get(i));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            database.deleteRuns(connection, targets);
            return seconds;
        }
    }

    /** Baseline (b): ec2-scanner's SDK calls in a bare loop that INSERTs each page, into a run opened for it. */
    private double bareLoop(Api.Tenant tenant, int instances) throws Exception {
        try (Connection connection = database.connect()) {
            long target = database.openRun(connection, tenant.id(), "ec2");
            long start = System.nanoTime();
            long stored = bareLoop.run(tenant, REGION, connection, target);
            double seconds = (System.nanoTime() - start) / 1e9;
            report.check(stored == instances, "bare loop: " + stored + " instances stored, " + instances + " in the account");
            database.deleteRuns(connection, List.of(target));
            return seconds;
        }
    }

    /** (4): each process's peak RSS during the measured scan; the services' target is 250 MB. */
    private void memory(Map<String, Double> peaks) {
        peaks.forEach((name, mib) -> {
            boolean service = Stack.PORTS.containsKey(name);
            report.figure("(4) peak RSS of " + name + " during (1)", String.format("%.0f MiB", mib), "—",
                    service ? "< 250 MB" : "—", !service ? Verdict.NONE : mib * 1.048576 < 250 ? Verdict.MET : Verdict.MISSED);
        });
    }

    /** The {@code n}th (0–999) 12-digit account id of this run: aws-emulator gives a new account what its spec generates. */
    static String account(int n) {
        return String.format("7%08d%03d", RUN % 100_000_000, n);
    }
}
