package io.clouddiagnoze.system;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * The whole system as deploy/local/stack.sh runs it, measured against its limits: (1) end-to-end ingest of a
 * 100,000-instance account against two baselines, (2) 100 tenants scanning at once, (3) queries at a year of
 * data through the gateway, (4) every process's peak memory during (1), (5) scale-out, on paper and by
 * simulation, (6) alerts for findings opened at once, (7) a retention pass beside an ingest. Prints each figure as
 * it comes and writes them all to BENCHMARKS.md; exits 1 if a correctness check (an exact count) failed. Run by deploy/local/benchmark.sh, which starts the stack when it is not up.
 *
 * <p>Settings (environment): RUN_DIR, GATEWAY_PORT (8080), EMULATOR_PORT (4566), BENCH_INSTANCES (100,000),
 * BENCH_TENANTS (100), BENCH_SCALE_OUT_TENANTS (40), BENCH_ALERT_INSTANCES (15,500), BENCH_RETENTION_TENANTS (10),
 * BENCH_RETENTION_INSTANCES (20,000).
 */
public final class SystemBenchmark {
    /** ec2-scanner's page size (clouddiagnoze.scanner.page-size), for the bare loop's calls. */
    private static final int EC2_PAGE_SIZE = 250;
    private static final int CLIENTS = 50;

    private SystemBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(System.getenv().getOrDefault("REPO", ".")).toAbsolutePath().normalize();
        Path runDir = Path.of(System.getenv().getOrDefault("RUN_DIR", repo.resolve(".run").toString()));
        URI gateway = URI.create("http://127.0.0.1:" + setting("GATEWAY_PORT", 8080));
        URI emulator = URI.create("http://127.0.0.1:" + setting("EMULATOR_PORT", 4566));
        Api api = new Api(gateway, emulator);
        Database database = Database.fromEnvironment();
        Report report = new Report();
        String machine = machine();
        System.out.println("CloudDiagnoze system benchmark on " + machine);
        long start = System.nanoTime();

        Path stack = repo.resolve("deploy/local/stack.sh");
        EndToEndIngest ingest = new EndToEndIngest(api, database, Processes.of(runDir), new BareLoop(emulator, EC2_PAGE_SIZE), report);
        EndToEndIngest.Rates rates = ingest.run(setting("BENCH_INSTANCES", 100_000));
        ManyTenants.Burst burst = new ManyTenants(api, database, report).run(setting("BENCH_TENANTS", 100));
        List<Api.Tenant> tenants = new YearOfQueries(api, database, new Wrk(gateway, runDir, CLIENTS), new CollectorPauses(runDir), report).run(burst);
        new ScaleOut(api, database, stack, report)
                .run(rates, burst, tenants.subList(0, Math.min(tenants.size(), setting("BENCH_SCALE_OUT_TENANTS", 40))));
        new AlertThroughput(api, database, report).run(setting("BENCH_ALERT_INSTANCES", 15_500));
        new RetentionUnderIngest(database, ingest, stack, report).run(tenants, Math.min(tenants.size(), setting("BENCH_RETENTION_TENANTS", 10)),
                setting("BENCH_RETENTION_INSTANCES", 20_000));

        double minutes = (System.nanoTime() - start) / 60e9;
        report.write(repo.resolve("BENCHMARKS.md"), String.format("Measured on %s by `deploy/local/benchmark.sh` (%.1f minutes) on %s.",
                LocalDate.now(), minutes, machine));
        System.out.printf("%nDone in %.1f minutes; the figures are in BENCHMARKS.md.%n", minutes);
        if (!report.failures().isEmpty()) {
            System.out.println(report.failures().size() + " correctness check(s) failed:");
            report.failures().forEach(failure -> System.out.println("  " + failure));
            System.exit(1);
        }
    }

    /** Cores, CPU model and memory, from the JVM and /proc. */
    private static String machine() throws IOException {
        String model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        long memoryKib = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemTotal:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(0);
        return String.format("%d cores (%s), %.0f GiB of memory", Runtime.getRuntime().availableProcessors(), model,
                memoryKib / 1024.0 / 1024.0);
    }

    /** A number from the environment, or its default. */
    static int setting(String name, int defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value);
    }
}
