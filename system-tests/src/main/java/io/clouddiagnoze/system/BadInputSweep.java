package io.clouddiagnoze.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.clouddiagnoze.system.BadRequests.Probe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every public endpoint of every HTTP service, as its OpenAPI document declares it, fed generated bad requests
 * ({@link BadRequests}) through the gateway with a signed-in tenant's token. Each answer must be below 500, a
 * refusal must be a JSON problem body whose status is the answer's, no answer may carry a stack trace, and a
 * refused request must leave the database as it was. Prints what it sent and every failure. The fault suite's case
 * bad_input, against the system deploy/local/stack.sh started.
 */
public final class BadInputSweep {
    /** A fully qualified exception name, or a stack frame: what no answer may show. */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "(?:[a-z_$][\\w$]*\\.){2,}[A-Z][\\w$]*(?:Exception|Error)\\b|\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\)|Caused by:");
    /**
     * What a request could change: the users and their sessions, every scan run (another tenant's too, were a refusal
     * to delete one), and the sweep's tenant's resources (a request acts as that tenant only). It leaves out
     * login_attempts, where a login attempt is counted on purpose (the lockout), and the *_performance tables, which
     * only metrics-collector writes, from Kafka. Every part is indexed or small, whatever the database holds.
     */
    private static final String FINGERPRINT = "SELECT (SELECT COUNT(*) FROM users), (SELECT MAX(updated_at) FROM users),"
            + " (SELECT COUNT(*) FROM refresh_tokens), (SELECT COUNT(*) FROM refresh_tokens WHERE used_at IS NULL AND revoked_at IS NULL),"
            + " (SELECT COUNT(*) FROM scan_runs), (SELECT MAX(updated_at) FROM scan_runs WHERE user_id = ?),"
            + " (SELECT COUNT(*) FROM ec2_instances WHERE client_id = ?), (SELECT COUNT(*) FROM s3_buckets WHERE client_id = ?),"
            + " (SELECT COUNT(*) FROM vpc_instances WHERE client_id = ?), (SELECT COUNT(*) FROM rds_instances WHERE client_id = ?)";
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");
    private static final int MAX_FAILURES_SHOWN = 40;
    /** The services with a public API; the scanners have none. */
    private static final List<String> HTTP_SERVICES = List.of("auth-service", "scan-orchestrator", "metrics-collector");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI gateway;
    private final String token;
    private final long tenant;
    private final Connection database;
    private final Map<String, Integer> answers = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private String fingerprint;
    private int sent;

    private BadInputSweep(URI gateway, Api.Tenant tenant, Connection database) throws SQLException {
        this.gateway = gateway;
        this.token = tenant.token();
        this.tenant = tenant.id();
        this.database = database;
        this.fingerprint = fingerprint();
    }

    /** Sweeps every operation: held when no answer failed; the summary says what was sent, or how many failed. */
    static Outcome sweep(Api api, Database database) throws Exception {
        // A tenant without a role: nothing it may start writes anything behind the sweep's back.
        Api.Tenant tenant = api.signUp("bad-input");
        int operations = 0;
        long start = System.nanoTime();
        try (Connection connection = database.connect()) {
            BadInputSweep sweep = new BadInputSweep(api.gateway(), tenant, connection);
            for (String service : HTTP_SERVICES) {
                JsonNode openApi = sweep.openApi(service);
                BadRequests generator = new BadRequests(openApi);
                for (Map.Entry<String, JsonNode> path : iterable(openApi.path("paths"))) {
                    for (Map.Entry<String, JsonNode> operation : iterable(path.getValue())) {
                        if (METHODS.contains(operation.getKey())) {
                            operations++;
                            for (Probe probe : generator.of(operation.getKey().toUpperCase(), path.getKey(), operation.getValue())) {
                                sweep.send(probe);
                            }
                        }
                    }
                    sweep.send(BadRequests.wrongMethod(path.getKey(), "PATCH"));
                }
            }
            String sent = String.format("%,d requests over %d operations of %s in %.0f s; answers %s", sweep.sent, operations,
                    String.join(", ", HTTP_SERVICES), (System.nanoTime() - start) / 1e9, sweep.answers);
            String failed = String.format("%d failed (a 5xx, no problem body, a stack trace, or the database changed by a refused request)",
                    sweep.failures.size());
            System.out.println("bad input: " + sent);
            sweep.failures.stream().limit(MAX_FAILURES_SHOWN).forEach(failure -> System.out.println("  " + failure));
            System.out.println("bad input: " + failed);
            return sweep.failures.isEmpty() ? new Outcome(true, sent) : new Outcome(false, failed);
        }
    }

    /** Sends one bad request and checks its answer, and the database when it was refused. */
    private void send(Probe probe) throws IOException, InterruptedException, SQLException {
        sent++;
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(probe.target())).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(probe.method(), probe.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(probe.body()));
        if (probe.contentType() != null) {
            request.header("Content-Type", probe.contentType());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            fail(probe, "no answer within 30 s");
            return;
        }
        int status = response.statusCode();
        answers.merge(status / 100 + "xx", 1, Integer::sum);
        String body = response.body();
        if (status >= 500) {
            fail(probe, status + " " + excerpt(body));
        }
        if (STACK_TRACE.matcher(body).find()) {
            fail(probe, "a stack trace in the answer: " + excerpt(body));
        }
        if (status >= 400) {
            problemBody(probe, response);
            String now = fingerprint();
            if (!now.equals(fingerprint)) {
                fail(probe, "refused with " + status + " but the database changed: " + fingerprint + " → " + now);
            }
            fingerprint = now;
        } else {
            fingerprint = fingerprint();
        }
    }

    private void problemBody(Probe probe, HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("none");
        if (!type.startsWith("application/problem+json")) {
            fail(probe, response.statusCode() + " with Content-Type " + type + ": " + excerpt(response.body()));
            return;
        }
        try {
            JsonNode problem = Api.JSON.readTree(response.body());
            if (problem.path("status").asInt() != response.statusCode() || !problem.path("title").isTextual()) {
                fail(probe, response.statusCode() + " with a problem body that does not say so: " + excerpt(response.body()));
            }
        } catch (IOException e) {
            fail(probe, response.statusCode() + " with a body that is not JSON: " + excerpt(response.body()));
        }
    }

    private JsonNode openApi(String service) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(Stack.direct(service, "/q/openapi?format=json"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("no OpenAPI document from " + service + ": " + response.statusCode());
        }
        return Api.JSON.readTree(response.body());
    }

    /** The fingerprint of what a request could change (see FINGERPRINT). */
    private String fingerprint() throws SQLException {
        try (PreparedStatement statement = database.prepareStatement(FINGERPRINT)) {
            for (int i = 1; i <= 5; i++) {
                statement.setLong(i, tenant);
            }
            ResultSet rs = statement.executeQuery();
            rs.next();
            List<String> counts = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                counts.add(rs.getString(i));
            }
            return String.join("/", counts);
        }
    }

    private void fail(Probe probe, String what) {
        failures.add(probe.method() + " " + BadRequests.abbreviate(probe.target()) + " (" + probe.what() + "): " + what);
    }

    private static String excerpt(String body) {
        String line = body.replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
