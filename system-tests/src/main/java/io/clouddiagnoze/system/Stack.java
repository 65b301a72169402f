package io.clouddiagnoze.system;

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
import java.util.concurrent.TimeUnit;

/** The services deploy/local/stack.sh starts (its {@code services} list), each with the port it listens on. */
final class Stack {
    static final Map<String, Integer> PORTS = Map.of("auth-service", 8081, "scan-orchestrator", 8082, "metrics-collector", 8083,
            "ec2-scanner", 8091, "s3-scanner", 8092, "vpc-scanner", 8093, "rds-scanner", 8094);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Stack() {
    }

    /** The service's {@code /q/metrics} answer (Prometheus text). */
    static String metrics(String service) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(direct(service, "/q/metrics")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** {@code path} on the service itself, past the gateway (health, the OpenAPI document). */
    static URI direct(String service, String path) {
        return URI.create("http://127.0.0.1:" + PORTS.get(service) + path);
    }

    /**
     * Runs {@code script} (deploy/local/stack.sh) with {@code arguments}, its errors on ours, for at most {@code limit}:
     * what it printed. Its output goes to a file, so that the limit holds however long the script keeps it open.
     */
    static String command(Path script, Duration limit, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("stack-", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            boolean ended = process.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
            if (!ended) {
                process.destroy();
            }
            String printed = Files.readString(output);
            if (!ended || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + (ended ? " failed: " : " did not end within " + limit + ": ")
                        + printed);
            }
            return printed;
        } finally {
            Files.delete(output);
        }
    }
}
