package io.clouddiagnoze.testsupport;

import io.clouddiagnoze.emulator.AwsEmulator;
import io.clouddiagnoze.emulator.state.Fixture;
import io.clouddiagnoze.emulator.state.Inventory;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Starts aws-emulator with its demo account in the test JVM and points the real AWS SDK at it the standard
 * way ({@code aws.endpointUrl}, as {@code AWS_ENDPOINT_URL} would), with static platform credentials.
 * Tests change the emulated cloud through its admin API ({@link #admin}).
 */
public class AwsEmulatorTestResource implements QuarkusTestResourceLifecycleManager {
    /** The demo account's role and ExternalId. */
    public static final String DEMO_ROLE = "arn:aws:iam::111122223333:role/CloudDiagnozeScanner";
    public static final String DEMO_EXTERNAL_ID = "cd-demo-external-id";

    private static AwsEmulator emulator;

    @Override
    public Map<String, String> start() {
        try {
            emulator = AwsEmulator.start(0, Inventory.of(Fixture.named("demo")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String endpoint = emulator.endpoint().toString();
        System.setProperty("aws.endpointUrl", endpoint);
        System.setProperty("aws.accessKeyId", "platform-test-key");
        System.setProperty("aws.secretAccessKey", "platform-test-secret");
        System.setProperty("aws.region", "us-east-1");
        return Map.of("clouddiagnoze.aws.s3-path-style", "true", "clouddiagnoze.aws.region", "us-east-1");
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    public static URI endpoint() {
        return emulator.endpoint();
    }

    /** Calls the emulator's admin API, e.g. {@code admin("POST", "/_emulator/faults", json)}; returns the body. */
    public static String admin(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(emulator.endpoint().resolve(path))
                .header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
