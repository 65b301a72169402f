package io.clouddiagnoze.system;

import io.clouddiagnoze.system.Report.Verdict;
import io.clouddiagnoze.testsupport.YearOfScans;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * (3) Queries at a year of data: the burst's tenants given the 364 daily scans before it (the seed's yearly volume), a
 * week of EC2 metrics and 30 days of their hourly rollups (the 23 before the week as if the raw window had pruned their
 * points), then 50 concurrent clients through the gateway for each kind of query, back to back and
 * paced, against the gateway answering its own health check under the same load.
 */
final class YearOfQueries {
    private static final int DAYS_BEFORE = 364;
    private static final int METRIC_DAYS = 7;
    /** The hourly rollups reach this far back: the 30-day chart's range, past the raw points' window. */
    private static final int ROLLUP_DAYS = 30;
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration TIME = Duration.ofSeconds(15);
    /** Each client's pace in the paced runs: 50 clients × 4 a second = 200 requests a second. */
    private static final Duration PACE = Duration.ofMillis(250);
    private static final Duration FLUSH_LIMIT = Duration.ofMinutes(5);
    private static final List<String> INVENTORY = List.of("/api/inventory/s3?public=true&encrypted=false", "/api/inventory/s3",
            "/api/inventory/ec2?state=running&region=eu-west-1", "/api/inventory/ec2?tag:env=prod", "/api/inventory/rds?public=true",
            "/api/inventory/vpc");

    private final Api api;
    private final Database database;
    private final Wrk wrk;
    private final CollectorPauses pauses;
    private final Report report;

    YearOfQueries(Api api, Database database, Wrk wrk, CollectorPauses pauses, Report report) {
        this.api = api;
        this.database = database;
        this.wrk = wrk;
        this.pauses = pauses;
        this.report = report;
    }

    /** Fills the year, queries it, and gives back the burst's tenants with fresh tokens. */
    List<Api.Tenant> run(ManyTenants.Burst burst) throws Exception {
        System.out.printf("%n(3) queries at a year of data: %d tenants%n", burst.tenants().size());
        List<Long> ids = burst.tenants().stream().map(Api.Tenant::id).toList();
        long start = System.nanoTime();
        try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
            YearOfScans.fill(connection, ids, DAYS_BEFORE, ManyTenants.RESOURCES);
            YearOfScans.fillEc2Metrics(connection, ids, METRIC_DAYS);
            YearOfScans.fillEc2Hours(connection, ids, METRIC_DAYS, ROLLUP_DAYS - METRIC_DAYS);
            sql.execute("ANALYZE TABLE scan_runs, ec2_instances, s3_buckets, vpc_instances, rds_instances, ec2_performance,"
                    + " performance_hourly");
        }
        double fillSeconds = (System.nanoTime() - start) / 1e9;
        long resourceRows = database.count("SELECT (SELECT COUNT(*) FROM ec2_instances) + (SELECT COUNT(*) FROM s3_buckets)"
                + " + (SELECT COUNT(*) FROM vpc_instances) + (SELECT COUNT(*) FROM rds_instances)");
        long metricRows = database.count("SELECT COUNT(*) FROM ec2_performance");
        long hourRows = database.count("SELECT COUNT(*) FROM performance_hourly");
        report.breakdown(String.format("(3) %,d resource rows, %,d EC2 metric rows and %,d hourly rollups in the database"
                + " (%d tenants' year filled in %.0f s)", resourceRows, metricRows, hourRows, ids.size(), fillSeconds));
        flushFill();

        List<Api.Tenant> tenants = burst.tenants().stream().map(api::refreshed).toList();
        Map<Long, Long> ec2Runs = ec2Runs(burst.runs());
        Map<String, List<Wrk.Request>> queries = new LinkedHashMap<>();
        List<Wrk.Request> inventory = new ArrayList<>();
        List<Wrk.Request> scanPage = new ArrayList<>();
        List<Wrk.Request> series = new ArrayList<>();
        List<Wrk.Request> monthSeries = new ArrayList<>();
        List<Wrk.Request> findings = new ArrayList<>();
        List<Wrk.Request> compliance = new ArrayList<>();
        LocalDate lastDay = LocalDate.parse(YearOfScans.LAST_DAY);
        // As the console's charts ask: a week in steps of an hour, a month in steps of four, each from a step boundary.
        String week = "&from=" + lastDay.minusDays(METRIC_DAYS) + "T03:00:00Z&to=" + lastDay + "T03:00:00Z&step=PT1H";
        String month = "&from=" + lastDay.minusDays(ROLLUP_DAYS) + "T00:00:00Z&to=" + lastDay + "T03:00:00Z&step=PT4H";
        for (Api.Tenant tenant : tenants) {
            INVENTORY.forEach(path -> inventory.add(new Wrk.Request(path, tenant.token())));
            scanPage.add(new Wrk.Request("/api/scans/" + ec2Runs.get(tenant.id()) + "/resources", tenant.token()));
            for (int n = 1; n <= ManyTenants.RESOURCES; n++) {
                if (n % 5 != 0) { // the running ones: a stopped instance has no metrics
                    String cpu = "/api/metrics/ec2/" + YearOfScans.instanceId(n) + "?metric=cpuUtilization&region=" + region(n);
                    series.add(new Wrk.Request(cpu + week, tenant.token()));
                    monthSeries.add(new Wrk.Request(cpu + month, tenant.token()));
                }
            }
            findings.add(new Wrk.Request("/api/findings", tenant.token()));
            compliance.add(new Wrk.Request("/api/compliance/cis-aws-foundations", tenant.token()));
        }
        queries.put("the inventory filters", inventory);
        queries.put("a scan's resources, first page", scanPage);
        queries.put("a 7-day metric series", series);
        queries.put("a 30-day metric series", monthSeries);
        queries.put("the findings", findings);
        queries.put("the CIS AWS Foundations report", compliance);
        Map<String, Double> p99Targets = Map.of("the inventory filters", 20.0, "a 7-day metric series", 20.0,
                "a 30-day metric series", 20.0, "the findings", 20.0);

        List<Wrk.Request> health = List.of(new Wrk.Request("/healthz", null));
        wrk.run(health, WARM_UP, Duration.ZERO);
        Wrk.Result floorBackToBack = wrk.run(health, TIME, Duration.ZERO);
        Wrk.Result floorPaced = wrk.run(health, TIME, PACE);
        for (Map.Entry<String, List<Wrk.Request>> query : queries.entrySet()) {
            wrk.run(query.getValue(), WARM_UP, Duration.ZERO);
            Wrk.Result backToBack = wrk.run(query.getValue(), TIME, Duration.ZERO);
            Instant pacedStart = Instant.now();
            Wrk.Result paced = wrk.run(query.getValue(), TIME, PACE);
            report.breakdown("(3) " + query.getKey() + ", paced: " + String.join("; ", List.of(
                    "scan-orchestrator " + pauses.between("scan-orchestrator", pacedStart, Instant.now()),
                    "metrics-collector " + pauses.between("metrics-collector", pacedStart, Instant.now()))));
            report.check(backToBack.errors() == 0 && paced.errors() == 0, "queries: " + query.getKey() + " answered "
                    + (backToBack.errors() + paced.errors()) + " errors");
            // A run that no request completed has no figure to give: say so, rather than print its zeros as one.
            report.check(backToBack.requests() > 0 && paced.requests() > 0, "queries: " + query.getKey() + " completed "
                    + backToBack.requests() + " requests back to back and " + paced.requests() + " paced");
            double limit = p99Targets.getOrDefault(query.getKey(), Double.NaN);
            String target = Double.isNaN(limit) ? "—" : String.format("p99 < %.0f ms", limit);
            report.figure("(3) " + query.getKey() + ", 50 clients back to back", backToBack.toString(),
                    "the gateway's /healthz: " + floorBackToBack, target, verdict(backToBack, limit));
            report.figure("(3) " + query.getKey() + ", 50 clients × 4/s", paced.toString(), "the gateway's /healthz: " + floorPaced,
                    target, verdict(paced, limit));
        }
        return tenants;
    }

    /**
     * Waits until InnoDB has written out the pages the fill left dirty (under 1% of its buffer pool, for at most
     * {@code FLUSH_LIMIT}), flushing as fast as it may meanwhile: a year of data is not written in the minutes before it
     * is read, and its background writes would otherwise sit under every query's tail.
     */
    private void flushFill() throws Exception {
        String dirty = "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'INNODB_BUFFER_POOL_PAGES_DIRTY'";
        long pages = database.count("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'INNODB_BUFFER_POOL_PAGES_TOTAL'");
        long atStart = database.count(dirty);
        long start = System.nanoTime();
        try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
            double before;
            try (ResultSet setting = sql.executeQuery("SELECT @@GLOBAL.innodb_max_dirty_pages_pct")) {
                setting.next();
                before = setting.getDouble(1);
            }
            sql.execute("SET GLOBAL innodb_max_dirty_pages_pct = 0");
            try {
                while (database.count(dirty) > pages / 100 && System.nanoTime() - start < FLUSH_LIMIT.toNanos()) {
                    Thread.sleep(1000);
                }
            } finally {
                sql.execute("SET GLOBAL innodb_max_dirty_pages_pct = " + before);
            }
        }
        report.breakdown(String.format("(3) the fill left %,d of InnoDB's %,d pages dirty; %,d were left after %.0f s of writing them out,"
                + " before the first query", atStart, pages, database.count(dirty), (System.nanoTime() - start) / 1e9));
    }

    private static Verdict verdict(Wrk.Result result, double p99Limit) {
        return Double.isNaN(p99Limit) ? Verdict.NONE : result.p99Millis() < p99Limit ? Verdict.MET : Verdict.MISSED;
    }

    /** The EC2 run of each tenant's burst scan: tenant → scan run. */
    private Map<Long, Long> ec2Runs(List<Long> runs) throws Exception {
        Map<Long, Long> byTenant = new HashMap<>();
        try (Connection connection = database.connect(); Statement sql = connection.createStatement();
             ResultSet rs = sql.executeQuery("SELECT user_id, id FROM scan_runs WHERE service_type = 'ec2' AND id IN ("
                     + Database.sqlList(runs) + ")")) {
            while (rs.next()) {
                byTenant.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return byTenant;
    }

    /** The region YearOfScans gives its {@code n}th instance. */
    private static String region(int n) {
        return List.of("us-east-1", "eu-west-1", "ap-south-1").get(n % 3);
    }
}
