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
        admin("/_emulator/roles", Map.of("roleArn", role, "externalId", externalId, "generate", spec));
        return new Tenant(tenant.id(), tenant.token(), tenant.refreshToken(), role, externalId);
    }

    /** A new tenant, signed up and in, that has handed over no role yet. */
    Tenant signUp(String name) {
        String email = name + "-" + System.nanoTime() + "@clouddiagnoze.test";
        byte[] secret = new byte[18];
        RANDOM.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        send("POST", "/auth/register", null, Map.of("email", email, "password", password, "companyName", "System test " + name), 201);
        JsonNode session = send("POST", "/auth/login", null, Map.of("email", email, "password", password), 200);
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
        JsonNode runs = send("POST", "/api/scans", tenant.token(), Map.of("services", services, "regions", regions), 202);
        List<Long> ids = new ArrayList<>();
        runs.forEach(run -> ids.add(run.get("id").asLong()));
        return ids;
    }

    JsonNode get(String path, String token) {
        return send("GET", path, token, null, 200);
    }

    private JsonNode send(String method, String path, String token, Object body, int expected) {
        return exchange(gateway.resolve(path), method, token, body, expected);
    }

    /** aws-emulator's admin API (unsigned JSON). */
    void admin(String path, Object body) {
        exchange(emulator.resolve(path), "POST", null, body, 200);
    }

    private JsonNode exchange(URI uri, String method, String token, Object body, int expected) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + uri.getPath() + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
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
