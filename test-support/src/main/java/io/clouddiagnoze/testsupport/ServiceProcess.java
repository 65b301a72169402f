package io.clouddiagnoze.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
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

/**
 * A packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) run as a process of its own
 * on a free port, for benchmarks that must measure it as it runs in production and not inside the
 * benchmark's JVM. It is ready once {@code /q/health/ready} answers 200; its output goes to a log file.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(90);

    private final Process process;
    private final URI base;
    private final Path log;

    private ServiceProcess(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /**
     * Starts the packaged {@code module} with {@code jvmOptions} and {@code config} (Quarkus
     * configuration, passed as system properties), and waits until it is ready.
     */
    public static ServiceProcess start(String module, List<String> jvmOptions, Map<String, String> config)
            throws IOException, InterruptedException {
        Path jar = Path.of(module, "target", "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run ./mvnw -q install -DskipTests first");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.add("-Dquarkus.http.port=" + port);
        config.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = Files.createTempFile(module, ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Two glibc malloc arenas, not eight per core: the JVM's native memory stays small, as in deployment.
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        Process process = builder.start();
        ServiceProcess service = new ServiceProcess(process, URI.create("http://127.0.0.1:" + port), log);
        service.awaitReady(module);
        return service;
    }

    /** The service's base address, e.g. {@code http://127.0.0.1:40123}. */
    public URI base() {
        return base;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private void awaitReady(String module) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(base.resolve("/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + "; its log: " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException(module + " was not ready within " + STARTUP_LIMIT.toSeconds() + " s; its log: " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
