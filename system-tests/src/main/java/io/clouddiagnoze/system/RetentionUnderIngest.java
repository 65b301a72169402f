package io.clouddiagnoze.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.system.Report.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * (7) The retention pass at a year of data: {@code tenants} of the year's tenants given a retention period that leaves
 * a month of their scans behind it (the others one that leaves none), then one pass ({@code stack.sh retention}) archives
 * those runs to the archive bucket and deletes them, while a scan of {@code instances} EC2 instances is ingested. The
 * pass's rate in runs and rows per second (its rests included), and the ingest's time against the same scan before the
 * pass.
 */
final class RetentionUnderIngest {
    /** A year's tenant kept at this many months keeps its whole year online. */
    private static final int KEEP_ALL_MONTHS = 13;
    /** The year's first month falls behind this period: some 30 days of daily scans of four services each. */
    private static final int ARCHIVE_A_MONTH = 11;
    private static final Duration PASS_LIMIT = Duration.ofMinutes(10);

    private final Database database;
    private final EndToEndIngest ingest;
    private final Path stack;
    private final Report report;

    RetentionUnderIngest(Database database, EndToEndIngest ingest, Path stack, Report report) {
        this.database = database;
        this.ingest = ingest;
        this.stack = stack;
        this.report = report;
    }

    void run(List<Api.Tenant> year, int tenants, int instances) throws Exception {
        System.out.printf("%n(7) a retention pass at a year of data (%d tenants' first month), beside a scan of %,d instances%n",
                tenants, instances);
        String archived = Database.sqlList(year.subList(0, tenants).stream().map(Api.Tenant::id).toList());
        database.execute("UPDATE users SET retention_months = " + KEEP_ALL_MONTHS + " WHERE id IN ("
                + Database.sqlList(year.stream().map(Api.Tenant::id).toList()) + ")");
        database.execute("UPDATE users SET retention_months = " + ARCHIVE_A_MONTH + " WHERE id IN (" + archived + ")");
        String expired = " FROM scan_runs WHERE user_id IN (" + archived + ") AND scan_timestamp < UTC_TIMESTAMP() - INTERVAL "
                + ARCHIVE_A_MONTH + " MONTH";
        long runsBehind = database.count("SELECT COUNT(*)" + expired);

        double alone = ingest.seconds(ingest.tenant("before-retention", instances, 10));
        Api.Tenant during = ingest.tenant("during-retention", instances, 11);
        long start = System.nanoTime();
        CompletableFuture<JsonNode> pass = CompletableFuture.supplyAsync(this::retention);
        double concurrent = ingest.seconds(during);
        double ingestEnded = (System.nanoTime() - start) / 1e9;
        JsonNode done = pass.get();

        int runs = done.get("runsArchived").asInt();
        long rows = done.get("resourceRows").asLong() + done.get("metricRows").asLong();
        double seconds = done.get("millis").asLong() / 1000.0;
        double rested = done.get("restedMillis").asLong() / 1000.0;
        report.check(runs == runsBehind, "retention: the pass archived " + runs + " runs, " + runsBehind + " were behind the period");
        report.check(database.count("SELECT COUNT(*)" + expired) == 0, "retention: runs behind the period are still online");
        report.check(done.get("tenantsFailed").asInt() == 0, "retention: " + done.get("tenantsFailed") + " tenants' runs failed to archive");
        report.figure(String.format("(7) a retention pass: %,d runs with %,d rows to the archive bucket and out of the database", runs, rows),
                String.format("%.1f s: %.1f runs/s, %,.0f rows/s", seconds, runs / seconds, rows / seconds), "—", "—", Verdict.NONE);
        report.figure(String.format("(7) end-to-end ingest of %,d EC2 instances during that pass", instances),
                String.format("%.1f s from the scan request to every row stored", concurrent),
                String.format("the same scan before the pass: %.1f s — the pass made it %.2f× as long", alone, concurrent / alone),
                "—", Verdict.NONE);
        report.breakdown(String.format("(7) the ingest ended %.1f s after the pass began, which took %.1f s, %.1f s of them"
                + " resting (RETENTION_DUTY_CYCLE)%s", ingestEnded, seconds, rested,
                ingestEnded <= seconds ? "" : ": the pass did not last the whole ingest"));
    }

    /** One pass through stack.sh, its JSON answer. */
    private JsonNode retention() {
        try {
            return new ObjectMapper().readTree(Stack.command(stack, PASS_LIMIT, "retention"));
        } catch (Exception e) {
            throw new IllegalStateException("stack.sh retention failed", e);
        }
    }
}
