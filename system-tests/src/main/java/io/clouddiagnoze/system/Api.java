package io.clouddiagnoze.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** CloudDiagnoze's public API through the gateway, and aws-emulator's admin API, as the system tests' clients use them. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI gateway;
    private final URI emulator;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Api(URI gateway, URI emulator) {
        this.gateway = gateway;
        this.emulator = emulator;
    }

    URI gateway() {
        return gateway;
    }

    /** A signed-in tenant: its id, its access and refresh tokens, and the role it handed over with its ExternalId. */
    record Tenant(long id, String token, String refreshToken, String roleArn, String externalId) {
    }

    /**
     * A new tenant, signed up and in, whose role is in {@code account}; aws-emulator generates that account's
     * resources from {@code spec} and trusts the role with the ExternalId auth-service made for the tenant.
     */
    Tenant tenant(String name, String account, String spec) {
        Tenant tenant = signUp(name);
        String role = "arn:aws:iam::" + account + ":role/CloudDiagnozeScanner";
        String externalId = send("PUT", "/auth/me/aws-role", tenant.token(), Map.of("roleArn", role), 200).get("externalId").asText();
        Map<String, String> trust = new HashMap<>(Map.of("roleArn", role, "externalId", externalId));
        if (spec != null) {
            trust.put("generate", spec);
        }
        admin("/_emulator/roles", trust);
        return new Tenant(tenant.id(), tenant.token(), tenant.refreshToken(), role, externalId);
    }

    /** A tenant's sign-in. */
    record Account(String email, String password) {
    }

    /** A new tenant, signed up with a random password, not signed in. */
    Account register(String name) {
        String email = name + "-" + System.nanoTime() + "@clouddiagnoze.test";
        byte[] secret = new byte[18];
        RANDOM.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        send("POST", "/auth/register", null, Map.of("email", email, "password", password, "companyName", "System test " + name), 201);
        return new Account(email, password);
    }

    /** A new tenant, signed up and in, that has handed over no role yet. */
    Tenant signUp(String name) {
        Account account = register(name);
        JsonNode session = send("POST", "/auth/login", null, Map.of("email", account.email(), "password", account.password()), 200);
        String token = session.get("accessToken").asText();
        return new Tenant(tenantId(token), token, session.get("refreshToken").asText(), null, null);
    }

    /** The same tenant with fresh tokens (access tokens last 15 minutes). */
    Tenant refreshed(Tenant tenant) {
        JsonNode session = send("POST", "/auth/refresh", null, Map.of("refreshToken", tenant.refreshToken()), 200);
        return new Tenant(tenant.id(), session.get("accessToken").asText(), session.get("refreshToken").asText(), tenant.roleArn(),
                tenant.externalId());
    }

    /** Starts a scan of {@code services} in {@code regions}: the scan run ids. */
    List<Long> scan(Tenant tenant, List<String> services, List<String> regions) {
        return scan(tenant, Map.of("services", services, "regions", regions));
    }

    /** Starts a scan of {@code services} in every region the account has enabled: the scan run ids. */
    List<Long> scan(Tenant tenant, List<String> services) {
        return scan(tenant, Map.of("services", services));
    }

    private List<Long> scan(Tenant tenant, Map<String, List<String>> request) {
        JsonNode runs = send("POST", "/api/scans", tenant.token(), request, 202);
        List<Long> ids = new ArrayList<>();
        runs.forEach(run -> ids.add(run.get("id").asLong()));
        return ids;
    }

    JsonNode get(String path, String token) {
        return send("GET", path, token, null, 200);
    }

    /** {@code POST path} that must answer 201 Created: what it created. */
    JsonNode create(String path, String token, Object body) {
        return send("POST", path, token, body, 201);
    }

    private JsonNode send(String method, String path, String token, Object body, int expected) {
        HttpResponse<String> response = call(method, path, token, body);
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response);
    }

    /** {@code method path} through the gateway, with {@code token} when not null: the answer, whatever its status. */
    HttpResponse<String> call(String method, String path, String token, Object body) {
        return exchange(gateway.resolve(path), method, token, body);
    }

    /** aws-emulator's admin API (unsigned JSON): its answer, which must be 200. */
    JsonNode admin(String method, String path, Object body) {
        HttpResponse<String> response = exchange(emulator.resolve(path), method, null, body);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response);
    }

    void admin(String path, Object body) {
        admin("POST", path, body);
    }

    private HttpResponse<String> exchange(URI uri, String method, String token, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(response.request().uri().getPath() + " answered a body that is not JSON: " + response.body(), e);
        }
    }

    /** The tenant a user token names (its {@code sub}). */
    private static long tenantId(String token) {
        try {
            byte[] payload = Base64.getUrlDecoder().decode(token.split("\\.")[1]);
            return JSON.readTree(new String(payload, StandardCharsets.UTF_8)).get("sub").asLong();
        } catch (IOException e) {
            throw new IllegalStateException("not a JWT", e);
        }
    }
}
