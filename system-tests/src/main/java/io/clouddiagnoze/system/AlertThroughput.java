package io.clouddiagnoze.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.system.Report.Verdict;
import io.clouddiagnoze.testsupport.Latencies;
import io.clouddiagnoze.testsupport.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * (6) Alerts for findings opened at once: a tenant with a webhook rule for every finding opened scans an account whose
 * instances fail some 10,000 checks (15,500 instances: about two in three fail one of IMDSv2, a public IP or SSH open
 * to the world), and a receiver on this host takes every POST. The figures: the time from each
 * finding's opening (its event's {@code occurredAt}, the close of the run) to the receiver taking its alert, p50 and
 * p99, and deliveries per second, against a baseline of the same signed POSTs sent to a receiver like it by one HTTP
 * client, as many at once as notification-service sends (its {@code in-flight}).
 */
final class AlertThroughput {
    private static final String REGION = "us-east-1";
    private static final Duration LIMIT = Duration.ofMinutes(5);
    /** notification-service's clouddiagnoze.alerts.in-flight. */
    private static final int IN_FLIGHT = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Api api;
    private final Database database;
    private final Report report;

    AlertThroughput(Api api, Database database, Report report) {
        this.api = api;
        this.database = database;
        this.report = report;
    }

    void run(int instances) throws Exception {
        System.out.printf("%n(6) alerts for the findings a scan of %,d instances opens%n", instances);
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            Api.Tenant tenant = api.tenant("alerts", EndToEndIngest.account(3),
                    "instances=" + instances + ",buckets=1,vpcs=5,databases=1,regions=" + REGION + ",seed=12");
            JsonNode channel = api.create("/api/alerts/channels", tenant.token(), Map.of("type", "webhook", "name", "benchmark", "url", receiver.url()));
            api.create("/api/alerts/rules", tenant.token(), Map.of("name", "every finding opened", "events", List.of("finding.opened"),
                    "minSeverity", "low", "channelIds", List.of(channel.path("id").asLong()), "delivery", "immediate"));
            database.awaitClosed(api.scan(tenant, List.of("ec2"), List.of(REGION)), LIMIT);
            int opened = api.get("/api/findings?size=1", tenant.token()).path("total").asInt();
            boolean all = receiver.awaitRequests(opened, LIMIT);
            List<WebhookReceiver.Request> taken = receiver.requests();
            long keys = taken.stream().map(request -> request.header("Idempotency-Key")).distinct().count();
            report.check(all && keys == opened && taken.size() == opened, "alerts: " + opened + " findings opened, " + taken.size()
                    + " POSTs taken with " + keys + " distinct Idempotency-Keys");
            if (taken.isEmpty()) {
                return;
            }
            List<Long> latencies = new ArrayList<>();
            for (WebhookReceiver.Request request : taken) {
                Instant occurred = Instant.parse(JSON.readTree(request.body()).path("occurredAt").asText());
                latencies.add(Duration.between(occurred, request.receivedAt()).toNanos());
            }
            Latencies eventToDelivery = new Latencies(latencies);
            double rate = perSecond(taken);
            double bareRate = bareRate(taken);
            report.figure(String.format("(6) alerts for %,d findings opened at once, to a webhook on this host", opened),
                    String.format("event to delivery p50 %.2f s, p99 %.2f s; %,.0f deliveries/s", eventToDelivery.millis(50) / 1000,
                            eventToDelivery.millis(99) / 1000, rate),
                    String.format("the same signed POSTs from one HTTP client, %d at once: %,.0f/s — ratio %.2f", IN_FLIGHT, bareRate,
                            rate / bareRate), "—", Verdict.NONE);
        }
    }

    /** Requests a second between the first and the last one taken. */
    private static double perSecond(List<WebhookReceiver.Request> taken) {
        Instant first = taken.stream().map(WebhookReceiver.Request::receivedAt).min(Instant::compareTo).orElseThrow();
        Instant last = taken.stream().map(WebhookReceiver.Request::receivedAt).max(Instant::compareTo).orElseThrow();
        return taken.size() / Math.max(1e-3, Duration.between(first, last).toNanos() / 1e9);
    }

    /** The baseline: the requests {@code taken} sent again, as they were signed, to a fresh receiver, {@link #IN_FLIGHT} at once. */
    private static double bareRate(List<WebhookReceiver.Request> taken) throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            List<CompletableFuture<HttpResponse<Void>>> sent = new ArrayList<>();
            for (WebhookReceiver.Request request : taken) {
                HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(receiver.url())).timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(request.body())).header("Content-Type", "application/json");
                for (String header : List.of("X-CloudDiagnoze-Timestamp", "X-CloudDiagnoze-Signature", "Idempotency-Key")) {
                    post.header(header, request.header(header));
                }
                inFlight.acquire();
                sent.add(client.sendAsync(post.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((answer, failure) -> inFlight.release()));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            return perSecond(receiver.requests());
        }
    }
}
