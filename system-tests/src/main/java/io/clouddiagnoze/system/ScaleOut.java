package io.clouddiagnoze.system;

import io.clouddiagnoze.system.Report.Verdict;
import io.clouddiagnoze.testsupport.PrometheusText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * (5) Scale-out: on paper, the instances and partitions for 10,000 tenants scanning daily at the rates measured
 * above; then checked by simulation: a second ec2-scanner and a second scan-orchestrator join the same consumer
 * groups, tenants scan, and each instance's own counters show its share, the shares adding up exactly.
 */
final class ScaleOut {
    private static final int DAILY_TENANTS = 10_000;
    private static final int SCANS_PER_TENANT = 4;
    /** The window the daily scans must fit in (the CronJob's night). */
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final List<String> SERVICES = List.of("ec2", "s3", "vpc", "rds");
    private static final Duration LIMIT = Duration.ofMinutes(5);
    private static final Duration SETTLED = Duration.ofSeconds(5);
    private static final Map<String, Integer> SCANNERS = new TreeMap<>(Map.of("ec2-scanner", 8091, "ec2-scanner-8095", 8095));
    private static final Map<String, Integer> ORCHESTRATORS = new TreeMap<>(Map.of("scan-orchestrator", 8082,
            "scan-orchestrator-8084", 8084));

    private final Api api;
    private final Database database;
    private final Path stack;
    private final Report report;
    private final HttpClient http = HttpClient.newHttpClient();

    ScaleOut(Api api, Database database, Path stack, Report report) {
        this.api = api;
        this.database = database;
        this.stack = stack;
        this.report = report;
    }

    void run(EndToEndIngest.Rates rates, ManyTenants.Burst burst, List<Api.Tenant> tenants) throws Exception {
        System.out.printf("%n(5) scale-out%n");
        onPaper(rates, burst);
        stack("another", "ec2-scanner", "8095");
        stack("another", "scan-orchestrator", "8084");
        try {
            awaitSettled(SCANNERS, "kafka-consumer-scan-requests");
            awaitSettled(ORCHESTRATORS, "kafka-consumer-resources-discovered");
            Map<String, Double> emittedBefore = counters(SCANNERS, "clouddiagnoze_resources_emitted_total");
            Map<String, Double> ingestedBefore = counters(ORCHESTRATORS, "clouddiagnoze_resources_ingested_total");
            long start = System.nanoTime();
            List<Long> runs = new ArrayList<>();
            for (Api.Tenant tenant : tenants) {
                runs.addAll(api.scan(tenant, SERVICES, List.of("us-east-1")));
            }
            database.awaitClosed(runs, LIMIT);
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Database.Run> closed = database.runs(runs);
            long exact = closed.stream().filter(run -> run.status().equals("success") && run.rowsStored() == ManyTenants.RESOURCES).count();
            report.check(exact == runs.size(), "scale-out: " + exact + " of " + runs.size() + " runs closed success with exactly "
                    + ManyTenants.RESOURCES + " rows");

            Map<String, Double> emitted = delta(emittedBefore, counters(SCANNERS, "clouddiagnoze_resources_emitted_total"));
            Map<String, Double> ingested = delta(ingestedBefore, counters(ORCHESTRATORS, "clouddiagnoze_resources_ingested_total"));
            split("EC2 resources emitted", emitted, (long) tenants.size() * ManyTenants.RESOURCES);
            split("resources ingested", ingested, (long) runs.size() * ManyTenants.RESOURCES);
            report.figure(String.format("(5) two ec2-scanners and two orchestrators, %d tenants × 4 services", tenants.size()),
                    String.format("%.1f s until all %d runs closed; EC2 resources emitted: %s; resources ingested: %s", seconds,
                            runs.size(), shares(emitted), shares(ingested)),
                    "the totals: " + tenants.size() * ManyTenants.RESOURCES + " EC2 resources, " + runs.size() * ManyTenants.RESOURCES
                            + " in all", "each instance a share, the shares exact", Verdict.NONE);
        } finally {
            stack("stop", "ec2-scanner-8095");
            stack("stop", "scan-orchestrator-8084");
        }
    }

    /** The daily load of {@link #DAILY_TENANTS} tenants against the rates of one instance of each service, measured above. */
    private void onPaper(EndToEndIngest.Rates rates, ManyTenants.Burst burst) {
        long runs = (long) DAILY_TENANTS * SCANS_PER_TENANT;
        long resources = runs * ManyTenants.RESOURCES;
        double runSeconds = runs / burst.runsPerSecond();
        double rowSeconds = resources / rates.rowsPerSecond();
        int instances = (int) Math.ceil(Math.max(runSeconds, rowSeconds) / WINDOW.toSeconds());
        // A consumer group spreads over at most one consumer per partition; twice the instances leaves room to grow.
        int partitions = Math.max(4, 2 * instances);
        report.figure("(5) on paper: 10,000 tenants × 4 scans × 50 resources a day (" + String.format("%,d", runs) + " runs, "
                        + String.format("%,d", resources) + " rows)",
                String.format("one instance of each takes %.0f min (runs at %.1f/s; rows alone at %,.0f/s would take %.0f min): %d instance(s)"
                        + " of each scanner and of scan-orchestrator fit it in %d min; %d partitions per topic", runSeconds / 60,
                        burst.runsPerSecond(), rates.rowsPerSecond(), rowSeconds / 60, instances, WINDOW.toMinutes(), partitions),
                "the burst's and the ingest's measured rates", "—", Verdict.NONE);
        report.breakdown(String.format("(5) the daily load is bound by runs, not rows: %.0f s of per-run work against %.0f s of rows;"
                + " replicas: scanners and scan-orchestrator %d each, the broker's partitions %d (scan-requests.*, resources-discovered,"
                + " scan-results), metrics-collector as many as its lag needs", runSeconds, rowSeconds, instances, partitions));
    }

    private void split(String what, Map<String, Double> byInstance, long expected) {
        double total = byInstance.values().stream().mapToDouble(Double::doubleValue).sum();
        report.check(total == expected, "scale-out: " + what + " add up to " + total + ", " + expected + " expected");
        byInstance.forEach((instance, count) -> report.check(count > 0, "scale-out: " + instance + " had no share of the " + what));
    }

    private static String shares(Map<String, Double> byInstance) {
        return byInstance.entrySet().stream().map(share -> String.format("%s %,.0f", share.getKey(), share.getValue()))
                .collect(Collectors.joining(" + "));
    }

    private Map<String, Double> counters(Map<String, Integer> instances, String counter, String... labels)
            throws IOException, InterruptedException {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> instance : instances.entrySet()) {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.getValue() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            values.put(instance.getKey(), PrometheusText.sum(metrics, counter, labels));
        }
        return values;
    }

    /**
     * Waits until every instance holds some of the partitions its {@code client} consumers read and the assignment has
     * not moved for {@code SETTLED}: a rebalance during the burst would hand a request being scanned to the other
     * instance, which would scan it again (at least once, and counted twice).
     */
    private void awaitSettled(Map<String, Integer> instances, String client) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        Map<String, Double> last = Map.of();
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Map<String, Double> assigned = counters(instances, "kafka_consumer_coordinator_assigned_partitions", "client_id=\"" + client);
            if (!assigned.equals(last) || assigned.containsValue(0.0)) {
                last = assigned;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > SETTLED.toNanos()) {
                return;
            }
            Thread.sleep(500);
        }
        report.check(false, "scale-out: the partitions of " + client + " were not settled over " + instances.keySet() + " after " + LIMIT);
    }

    private static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> delta = new LinkedHashMap<>();
        after.forEach((name, value) -> delta.put(name, value - before.get(name)));
        return delta;
    }

    private void stack(String... arguments) throws IOException, InterruptedException {
        System.out.print(Stack.command(stack, Duration.ofMinutes(4), arguments));
    }
}
