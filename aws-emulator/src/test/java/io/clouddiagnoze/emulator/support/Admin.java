package io.clouddiagnoze.emulator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The emulator's admin API, called over HTTP as the launcher and other modules' tests call it. */
public final class Admin {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;

    Admin(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** A status code and the parsed JSON body. */
    public record Answer(int status, JsonNode body) {
    }

    public void reset() {
        expectOk(send("POST", "reset", ""));
    }

    /** Onboards a tenant role; {@code extra} is more JSON members, e.g. {@code "generate":"instances=10"}. */
    public void addRole(String roleArn, String externalId, String extra) {
        String body = "{\"roleArn\":\"" + roleArn + "\",\"externalId\":\"" + externalId + "\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
        expectOk(send("POST", "roles", body));
    }

    public int addFault(String ruleJson) {
        return expectOk(send("POST", "faults", ruleJson)).path("id").asInt();
    }

    /** How often {@code service:Operation} was called and how many calls a fault hit. */
    public long calls(String operation) {
        return expectOk(send("GET", "calls", "")).path(operation).path("calls").asLong();
    }

    public long faults(String operation) {
        return expectOk(send("GET", "calls", "")).path(operation).path("faults").asLong();
    }

    public Answer send(String method, String pathAndQuery, String body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/_emulator/" + pathAndQuery))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode expectOk(Answer answer) {
        if (answer.status() != 200) {
            throw new IllegalStateException("admin call failed: " + answer);
        }
        return answer.body();
    }
}
