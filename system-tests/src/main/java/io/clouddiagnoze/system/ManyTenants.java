package io.clouddiagnoze.system;

import io.clouddiagnoze.system.Report.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * (2) Many tenants at once: {@code tenants} tenants × 4 services × 50 resources scanned in one burst (the seed's daily
 * load), until all their runs are closed, every count exact; against one such tenant scanned alone in the same run.
 */
final class ManyTenants {
    static final int RESOURCES = 50;
    private static final List<String> SERVICES = List.of("ec2", "s3", "vpc", "rds");
    private static final String REGION = "us-east-1";
    private static final String SPEC = "instances=" + RESOURCES + ",buckets=" + RESOURCES + ",vpcs=" + RESOURCES + ",databases="
            + RESOURCES + ",regions=" + REGION + ",seed=%d";
    /** Clients signing the tenants up at once: bcrypt takes a core each. */
    private static final int SIGN_UP_CLIENTS = 2;
    /** Clients sending the burst's scan requests at once. */
    private static final int BURST_CLIENTS = 20;
    private static final Duration LIMIT = Duration.ofMinutes(5);

    private final Api api;
    private final Database database;
    private final Report report;

    ManyTenants(Api api, Database database, Report report) {
        this.api = api;
        this.database = database;
        this.report = report;
    }

    /** The tenants of the burst (signed in), and the runs they closed per second. */
    record Burst(List<Api.Tenant> tenants, List<Long> runs, double runsPerSecond) {
    }

    Burst run(int count) throws Exception {
        System.out.printf("%n(2) many tenants at once: %d tenants × 4 services × %d resources%n", count, RESOURCES);
        ExecutorService clients = Executors.newFixedThreadPool(BURST_CLIENTS);
        try {
            List<Future<Api.Tenant>> signedUp = new ArrayList<>();
            ExecutorService signUp = Executors.newFixedThreadPool(SIGN_UP_CLIENTS);
            for (int i = 0; i <= count; i++) {
                int n = i;
                signedUp.add(signUp.submit(() -> api.tenant("tenant" + n, EndToEndIngest.account(100 + n), String.format(SPEC, n))));
            }
            signUp.shutdown();
            List<Api.Tenant> tenants = new ArrayList<>();
            for (Future<Api.Tenant> tenant : signedUp) {
                tenants.add(tenant.get());
            }
            Api.Tenant alone = tenants.remove(tenants.size() - 1);

            long start = System.nanoTime();
            List<Long> aloneRuns = api.scan(alone, SERVICES, List.of(REGION));
            database.awaitClosed(aloneRuns, LIMIT);
            double aloneSeconds = (System.nanoTime() - start) / 1e9;
            check("alone", database.runs(aloneRuns), 4);

            start = System.nanoTime();
            List<Future<List<Long>>> requests = new ArrayList<>();
            for (Api.Tenant tenant : tenants) {
                requests.add(clients.submit(() -> api.scan(tenant, SERVICES, List.of(REGION))));
            }
            List<Long> runs = new ArrayList<>();
            for (Future<List<Long>> request : requests) {
                runs.addAll(request.get());
            }
            double requested = (System.nanoTime() - start) / 1e9;
            database.awaitClosed(runs, LIMIT);
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Database.Run> closed = database.runs(runs);
            check("burst", closed, 4 * count);

            double serial = count * aloneSeconds;
            report.figure(String.format("(2) %d tenants × 4 services × %d resources in one burst", count, RESOURCES),
                    String.format("%.1f s until all %d runs closed (requests all accepted after %.1f s): %.1f runs/s, %,.0f resources/s",
                            seconds, runs.size(), requested, runs.size() / seconds, runs.size() * RESOURCES / seconds),
                    String.format("one such tenant alone: %.2f s, so %d one after another %.0f s — the burst takes %.2f of that",
                            aloneSeconds, count, serial, seconds / serial), "every count exact", Verdict.NONE);
            double slowest = closed.stream().mapToDouble(Database.Run::closed).max().orElseThrow();
            double medianClose = closed.stream().mapToDouble(Database.Run::closed).sorted().skip(closed.size() / 2).findFirst().orElseThrow();
            report.breakdown(String.format("(2) a run of the burst closed %.1f s after its request at the median, %.1f s at the slowest",
                    medianClose, slowest));
            return new Burst(tenants, runs, runs.size() / seconds);
        } finally {
            clients.shutdownNow();
        }
    }

    private void check(String what, List<Database.Run> runs, int expected) {
        report.check(runs.size() == expected, what + ": " + runs.size() + " runs, " + expected + " expected");
        for (Database.Run run : runs) {
            report.check(run.status().equals("success") && run.totalResources() == RESOURCES && run.rowsStored() == RESOURCES,
                    what + ": run " + run.id() + " (" + run.service() + ") closed " + run.status() + " with " + run.totalResources()
                            + " resources counted and " + run.rowsStored() + " stored, " + RESOURCES + " in the account");
        }
    }
}
