package io.clouddiagnoze.metrics.store;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.ResourcesStored.StoredResource;
import io.clouddiagnoze.metrics.Scans;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.mysqlclient.MySQLBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the hourly rollups buy the long series and cost the inserts, on the local MariaDB server (a database of its own,
 * dropped at the end), through the repositories the service uses (hence this package, not {@code bench}: their
 * constructors are the package's). It prints:
 * <ol>
 *   <li>The 7-day and 30-day series of an EC2 instance scanned daily for a year (BENCH_RESOURCES instances, 10, of
 *       BENCH_DAYS sightings, 365, each with its 24 hours and one more, as collection stores them): p50 and p99 from the
 *       rollups against the same series from the points, as the service read it before (every point kept), with the
 *       ratio.</li>
 *   <li>Points stored per second with their rollups (one transaction, as collection does) against the points alone, in
 *       alternating rounds of batches of BENCH_INSERT_RESOURCES (200) instances × 300 points, each a new daily sighting of
 *       instances already seen, so that the rollups recompute an hour two sightings share.</li>
 * </ol>
 * About two minutes on two cores, most of it the year's fill.
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * ./mvnw -q -pl metrics-collector exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.clouddiagnoze.metrics.store.HourlyRollupBenchmark
 * </pre>
 */
public final class HourlyRollupBenchmark {
    private static final String REGION = "us-east-1";
    private static final int POINTS_PER_SIGHTING = 300;
    private static final int SERIES_ROUNDS = 20;
    private static final int INSERT_ROUNDS = 6;
    private static final Duration WAIT = Duration.ofMinutes(5);

    private HourlyRollupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int resources = setting("BENCH_RESOURCES", 10);
        int days = setting("BENCH_DAYS", 365);
        int insertResources = setting("BENCH_INSERT_RESOURCES", 200);
        Vertx vertx = Vertx.vertx();
        try (TestDatabase database = TestDatabase.createMigrated()) {
            long tenant = database.tenant(null, "bench-rollups");
            Pool pool = MySQLBuilder.pool().with(new PoolOptions().setMaxSize(2))
                    .connectingTo(MySQLConnectOptions.fromUri(database.reactiveUrl()).setUser(database.adminUser())
                            .setPassword(database.adminPassword()))
                    .using(vertx).build();
            // No read replica: every read on the one pool.
            ReadReplica primaryOnly = new ReadReplica(pool, pool, Optional.empty(), Duration.ZERO, new SimpleMeterRegistry());
            HourlyRollupRepository hours = new HourlyRollupRepository(pool, primaryOnly, null);
            PerformanceRepository points = new PerformanceRepository(pool, hours);
            SeriesRepository series = new SeriesRepository(primaryOnly, null, hours);
            Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
            Instant start = end.minus(days, ChronoUnit.DAYS);

            long filled = System.nanoTime();
            List<String> names = names("i-year-", resources);
            for (int day = 1; day <= days; day++) {
                List<Long> rows = sightings(database, tenant, names, start.plus(day, ChronoUnit.DAYS));
                await(points.insert(PerformanceTable.EC2, tenant, points(rows, start.plus(day, ChronoUnit.DAYS))));
            }
            System.out.printf(Locale.ROOT, "filled %,d points of %d instances × %d daily sightings in %.0f s%n",
                    (long) resources * days * POINTS_PER_SIGHTING, resources, days, (System.nanoTime() - filled) / 1e9);

            System.out.println("series (p50 / p99 ms, " + SERIES_ROUNDS + " rounds over " + resources + " instances):");
            for (int length : List.of(7, 30)) {
                Instant from = end.minus(length, ChronoUnit.DAYS);
                long step = length == 7 ? 3600 : 7200;
                // The points' path: the same range, its end a second off the hour.
                Supplier<List<Double>> raw = () -> timed(names, name -> series.series(PerformanceTable.EC2, cpu(), tenant, name, REGION,
                        from, end.minusSeconds(1), step));
                Supplier<List<Double>> rolled = () -> timed(names, name -> series.series(PerformanceTable.EC2, cpu(), tenant, name,
                        REGION, from, end, step));
                raw.get();
                rolled.get();
                List<Double> fromPoints = new ArrayList<>();
                List<Double> fromHours = new ArrayList<>();
                for (int round = 0; round < SERIES_ROUNDS; round++) {
                    fromPoints.addAll(raw.get());
                    fromHours.addAll(rolled.get());
                }
                System.out.printf(Locale.ROOT, "  %2d days: rollups %.1f / %.1f, points %.1f / %.1f: ratio %.2f / %.2f%n", length,
                        percentile(fromHours, 50), percentile(fromHours, 99), percentile(fromPoints, 50), percentile(fromPoints, 99),
                        percentile(fromHours, 50) / percentile(fromPoints, 50), percentile(fromHours, 99) / percentile(fromPoints, 99));
            }

            List<String> withHours = names("i-with-", insertResources);
            List<String> without = names("i-without-", insertResources);
            double[] rates = new double[2];
            for (int round = 1; round <= INSERT_ROUNDS; round++) {
                Instant day = end.plus(round, ChronoUnit.DAYS);
                for (int kind : round % 2 == 0 ? new int[]{0, 1} : new int[]{1, 0}) {
                    List<PerformanceRow> rows = points(sightings(database, tenant, kind == 0 ? withHours : without, day), day);
                    long started = System.nanoTime();
                    await(kind == 0 ? points.insert(PerformanceTable.EC2, tenant, rows)
                            : pool.withTransaction(tx -> points.insertPoints(tx, PerformanceTable.EC2, tenant, rows)));
                    rates[kind] += (System.nanoTime() - started) / 1e9;
                }
            }
            double rows = (double) INSERT_ROUNDS * insertResources * POINTS_PER_SIGHTING;
            System.out.printf(Locale.ROOT, "inserts, %d rounds of %,d points: with rollups %,.0f points/s, points alone %,.0f points/s:"
                    + " ratio %.2f%n", INSERT_ROUNDS, insertResources * POINTS_PER_SIGHTING, rows / rates[0], rows / rates[1],
                    rates[1] / rates[0]);
            await(pool.close());
        } finally {
            vertx.closeAndAwait();
        }
    }

    private static PerformanceTable.Metric cpu() {
        return PerformanceTable.EC2.metricInColumn("cpu_utilization");
    }

    private static List<Double> timed(List<String> names, Function<String, Uni<?>> query) {
        List<Double> millis = new ArrayList<>();
        for (String name : names) {
            long started = System.nanoTime();
            await(query.apply(name));
            millis.add((System.nanoTime() - started) / 1e6);
        }
        return millis;
    }

    /** A scan run that saw {@code names} at {@code scanned}, as scan-orchestrator stores it; the resource rows' ids. */
    private static List<Long> sightings(TestDatabase database, long tenant, List<String> names, Instant scanned) throws Exception {
        long run = Scans.run(database, tenant, ServiceType.EC2, scanned);
        return Scans.storeRows(database, tenant, run, ServiceType.EC2, names.stream().map(name -> Scans.instance(name, REGION)).toList())
                .stream().map(StoredResource::id).toList();
    }

    /** Each row's 25 hours before {@code scanned} at 5 minutes: the window collection reads, and the hour before it. */
    private static List<PerformanceRow> points(List<Long> rows, Instant scanned) {
        List<PerformanceRow> points = new ArrayList<>(rows.size() * POINTS_PER_SIGHTING);
        for (long row : rows) {
            for (int k = 1; k <= POINTS_PER_SIGHTING; k++) {
                long at = scanned.getEpochSecond() - k * 300L;
                points.add(new PerformanceRow(row, at, new double[]{Math.floorMod(at / 300 * 37 + row, 1000) / 10.0, at % 7919, Double.NaN}));
            }
        }
        return points;
    }

    private static List<String> names(String prefix, int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(prefix + i);
        }
        return names;
    }

    private static double percentile(List<Double> values, int percent) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }

    private static int setting(String name, int fallback) {
        return Integer.parseInt(System.getenv().getOrDefault(name, String.valueOf(fallback)));
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }
}
