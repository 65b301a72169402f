package io.clouddiagnoze.auth.bench;

import io.clouddiagnoze.testsupport.Latencies;
import io.clouddiagnoze.testsupport.ServiceProcess;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.quarkus.elytron.security.common.BcryptUtil;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures auth-service as packaged: logins per second with 20 concurrent clients, each signing in to an account of its
 * own (more than 5 attempts of one account in flight at once are refused: the lockout counts them), against the rate
 * at which this machine can compute bcrypt hashes of the same cost in the same run, and the latency of
 * a health check while those logins run, against the same health check on an idle service.
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * ./mvnw -q -pl auth-service exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.clouddiagnoze.auth.bench.LoginBenchmark
 * </pre>
 */
public final class LoginBenchmark {
    private static final int CONCURRENT_LOGINS = 20;
    private static final Duration LOAD_TIME = Duration.ofSeconds(15);
    private static final int BCRYPT_COST = 12;
    private static final String PASSWORD = "Benchmark-Passphrase-2026";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    private LoginBenchmark(URI base) {
        this.base = base.toString();
    }

    public static void main(String[] args) throws Exception {
        Path keyFile = Files.createTempFile("bench-signing-key", ".pem");
        Files.delete(keyFile);
        try (TestDatabase database = TestDatabase.createMigrated();
             ServiceProcess service = ServiceProcess.start("auth-service", List.of("-Xmx256m"), Map.of(
                     "DB_USER", database.adminUser(), "DB_PASSWORD", database.adminPassword(),
                     "DB_HOST", database.host(), "DB_PORT", String.valueOf(database.port()), "DB_NAME", database.name(),
                     "AUTH_JWT_DEV_KEY_FILE", keyFile.toString(), "PLATFORM_AWS_ACCOUNT_ID", "000000000000"))) {
            new LoginBenchmark(service.base()).run();
        } finally {
            Files.deleteIfExists(keyFile);
        }
    }

    private static String email(int client) {
        return "load-test-" + client + "@example.com";
    }

    private void run() throws Exception {
        for (int i = 0; i < CONCURRENT_LOGINS; i++) {
            post("/auth/register", "{\"email\":\"" + email(i) + "\",\"password\":\"" + PASSWORD + "\",\"companyName\":\"Bench\"}", 201);
        }
        healthLatencies(200); // warm-up
        List<Long> idle = healthLatencies(300);

        double hashesPerSecond = bcryptRate();

        AtomicLong logins = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long deadline = System.nanoTime() + LOAD_TIME.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT_LOGINS);
        for (int i = 0; i < CONCURRENT_LOGINS; i++) {
            String login = "{\"email\":\"" + email(i) + "\",\"password\":\"" + PASSWORD + "\"}";
            clients.submit(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        post("/auth/login", login, 200);
                        logins.incrementAndGet();
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            });
        }
        long start = System.nanoTime();
        Thread.sleep(1000);
        List<Long> loaded = new ArrayList<>();
        while (System.nanoTime() < deadline - 1_000_000_000L) {
            loaded.addAll(healthLatencies(1));
            Thread.sleep(20);
        }
        clients.shutdown();
        clients.awaitTermination(60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        double loginsPerSecond = logins.get() / seconds;

        System.out.printf("auth-service login benchmark (%d cores, bcrypt cost %d, %d concurrent clients, %d s)%n",
                Runtime.getRuntime().availableProcessors(), BCRYPT_COST, CONCURRENT_LOGINS, LOAD_TIME.toSeconds());
        System.out.printf("  logins per second:         %8.1f  (failed: %d)%n", loginsPerSecond, failures.get());
        System.out.printf("  baseline, bcrypt checks/s: %8.1f  (same cost, every core, in this JVM)%n", hashesPerSecond);
        System.out.printf("  ratio logins / baseline:   %8.2f%n", loginsPerSecond / hashesPerSecond);
        Latencies idleHealth = new Latencies(idle);
        Latencies loadedHealth = new Latencies(loaded);
        System.out.printf("  health check idle:         %s%n", idleHealth);
        System.out.printf("  health check under logins: %s%n", loadedHealth);
        System.out.printf("  ratio p99 loaded / idle:   %8.2f%n", loadedHealth.millis(99) / idleHealth.millis(99));
    }

    /** How many bcrypt checks per second this machine does on every core, as a ceiling for logins. */
    private static double bcryptRate() throws InterruptedException {
        String hash = BcryptUtil.bcryptHash(PASSWORD, BCRYPT_COST);
        int threads = Runtime.getRuntime().availableProcessors();
        int perThread = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    BcryptUtil.matches(PASSWORD, hash);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        return threads * perThread / ((System.nanoTime() - start) / 1e9);
    }

    private List<Long> healthLatencies(int count) throws IOException, InterruptedException {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            latencies.add(System.nanoTime() - start);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("health check answered " + response.statusCode());
            }
        }
        return latencies;
    }

    private void post(String path, String json, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
