package io.clouddiagnoze.system;

import io.clouddiagnoze.testsupport.Latencies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A bounded burst on 127.0.0.1: {@code LOAD_TENANTS} tenants (50) each ask for a scan of each service one request at
 * a time (200 scan requests), while 50 API clients, one per tenant, read their scans, inventory, findings and idle
 * hints through the gateway as fast as they are answered for {@code LOAD_SECONDS} (60), and every service's
 * readiness check and the gateway are asked every half second. Holds when no answer is an error (documented 429s
 * aside), every health check answered 200 within the probes' 5 s, and every scan run closed successfully with
 * exactly the resources its account holds. Prints the figures. The fault suite's case load; settings (environment):
 * LOAD_TENANTS, LOAD_SECONDS.
 */
public final class LoadBurst {
    private static final List<String> SERVICES = List.of("ec2", "s3", "vpc", "rds");
    private static final int RESOURCES = 20;
    private static final String SPEC = "instances=" + RESOURCES + ",buckets=" + RESOURCES + ",vpcs=" + RESOURCES + ",databases="
            + RESOURCES + ",regions=us-east-1,seed=%d";
    private static final List<String> READS = List.of("/api/scans", "/api/inventory/ec2?state=running", "/api/inventory/s3?public=true",
            "/api/findings", "/api/metrics/idle", "/auth/me");
    /** The probes' timeout in deploy/k8s and docker-compose.yml. */
    private static final Duration HEALTH_LIMIT = Duration.ofSeconds(5);
    private static final Duration CLOSE_LIMIT = Duration.ofMinutes(5);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI gateway;
    private final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

    private LoadBurst(URI gateway) {
        this.gateway = gateway;
    }

    /** The burst: held as above; its figures in the summary. */
    static Outcome burst(Api api, Database database) throws Exception {
        int tenantCount = SystemBenchmark.setting("LOAD_TENANTS", 50);
        Duration length = Duration.ofSeconds(SystemBenchmark.setting("LOAD_SECONDS", 60));
        List<Api.Tenant> tenants = new ArrayList<>();
        for (int i = 0; i < tenantCount; i++) {
            tenants.add(api.tenant("load" + i, EndToEndIngest.account(500 + i), String.format(SPEC, i)));
        }
        return new LoadBurst(api.gateway()).run(tenants, length, database);
    }

    private Outcome run(List<Api.Tenant> tenants, Duration length, Database database) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(tenants.size() + 1);
        List<Long> runs = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + length.toNanos();
        Future<Health> health = clients.submit(() -> health(end));
        List<Future<Integer>> readers = new ArrayList<>();
        for (Api.Tenant tenant : tenants) {
            readers.add(clients.submit(() -> {
                for (String service : SERVICES) {
                    runs.addAll(scanRequest(tenant, service));
                }
                int requests = SERVICES.size();
                for (int i = 0; System.nanoTime() < end; i++) {
                    read(tenant, READS.get(i % READS.size()));
                    requests++;
                }
                return requests;
            }));
        }
        int requests = 0;
        for (Future<Integer> reader : readers) {
            requests += reader.get();
        }
        Health checks = health.get();
        clients.shutdown();
        clients.awaitTermination(10, TimeUnit.SECONDS);

        try {
            database.awaitClosed(runs, CLOSE_LIMIT);
        } catch (IllegalStateException e) {
            errors.add(e.getMessage());
        }
        List<Database.Run> closed = database.runs(runs);
        long exact = closed.stream().filter(run -> run.status().equals("success") && run.totalResources() == RESOURCES
                && run.rowsStored() == RESOURCES).count();
        long lost = closed.stream().mapToLong(run -> Math.max(0, RESOURCES - run.rowsStored())).sum()
                + closed.stream().mapToLong(run -> Math.max(0, run.rowsStored() - RESOURCES)).sum();
        Latencies reads = new Latencies(latencies);
        List<String> figures = List.of(
                String.format("%d clients for %d s: %,d requests (%,.0f/s), reads %s; answers %s", tenants.size(), length.toSeconds(), requests,
                        requests / (double) length.toSeconds(), reads, new TreeMap<>(statuses)),
                String.format("health checks %,d, %d failed or slower than %d s, the slowest %.0f ms", checks.asked(), checks.failed(),
                        HEALTH_LIMIT.toSeconds(), checks.slowestMillis()),
                String.format("%d scan requests, %d scan runs, %d closed successfully with exactly %d resources, rows lost or doubled: %d",
                        tenants.size() * SERVICES.size(), closed.size(), exact, RESOURCES, lost));
        figures.forEach(figure -> System.out.println("load: " + figure));
        errors.stream().limit(20).forEach(error -> System.out.println("  " + error));
        return new Outcome(errors.isEmpty() && checks.failed() == 0 && exact == tenants.size() * SERVICES.size(), String.join("; ", figures));
    }

    /** Asks for a scan of one service: the scan runs it opened. */
    private List<Long> scanRequest(Api.Tenant tenant, String service) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway.resolve("/api/scans"))
                .header("Authorization", "Bearer " + tenant.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"services\":[\"" + service + "\"],\"regions\":[\"us-east-1\"]}")));
        List<Long> ids = new ArrayList<>();
        if (response.statusCode() == 202) {
            Api.JSON.readTree(response.body()).forEach(run -> ids.add(run.get("id").asLong()));
        } else {
            errors.add("POST /api/scans (" + service + ") answered " + response.statusCode() + ": " + response.body());
        }
        return ids;
    }

    private void read(Api.Tenant tenant, String path) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway.resolve(path)).header("Authorization", "Bearer " + tenant.token()));
        latencies.add(System.nanoTime() - start);
        if (response.statusCode() != 200 && response.statusCode() != 429) {
            errors.add("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        statuses.merge(response.statusCode(), 1, Integer::sum);
        return response;
    }

    private record Health(int asked, int failed, double slowestMillis) {
    }

    /** Every service's readiness and the gateway, every half second until {@code end}. */
    private Health health(long end) throws InterruptedException {
        List<URI> checks = new ArrayList<>(List.of(gateway.resolve("/healthz")));
        new TreeMap<>(Stack.PORTS).keySet().forEach(service -> checks.add(Stack.direct(service, "/q/health/ready")));
        int asked = 0;
        int failed = 0;
        long slowest = 0;
        while (System.nanoTime() < end) {
            for (URI check : checks) {
                asked++;
                long start = System.nanoTime();
                try {
                    int status = http.send(HttpRequest.newBuilder(check).timeout(HEALTH_LIMIT).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    if (status != 200) {
                        failed++;
                        errors.add(check + " answered " + status);
                    }
                } catch (java.io.IOException e) {
                    failed++;
                    errors.add(check + " did not answer within " + HEALTH_LIMIT.toSeconds() + " s: " + e);
                }
                slowest = Math.max(slowest, System.nanoTime() - start);
            }
            Thread.sleep(500);
        }
        return new Health(asked, failed, slowest / 1e6);
    }
}
