package io.clouddiagnoze.testsupport;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) run as a process of its own
 * on a free port, for benchmarks that must measure it as it runs in production and not inside the
 * benchmark's JVM. It is ready once {@code /q/health/ready} answers 200; its output goes to a log file.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(90);

    private final Process process;
    private final String module;
    private final URI base;
    private final Path log;

    private ServiceProcess(Process process, String module, URI base, Path log) {
        this.process = process;
        this.module = module;
        this.base = base;
        this.log = log;
    }

    /**
     * Starts the packaged {@code module} with {@code jvmOptions} and {@code config} (Quarkus
     * configuration, passed as system properties), and waits until it is ready. It runs in the profile
     * {@code benchmark}: production in all but one thing, as the prod profile refuses the test database's
     * credentials (ProductionSettings).
     */
    public static ServiceProcess start(String module, List<String> jvmOptions, Map<String, String> config)
            throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dquarkus.profile=benchmark");
        config.forEach((name, value) -> options.add("-D" + name + "=" + value));
        ServiceProcess service = launch(module, options, Map.of());
        service.awaitReady();
        return service;
    }

    /**
     * Starts the packaged {@code module} as a deployment does, in the prod profile with settings from {@code environment},
     * and returns at once: for tests of whether and how it starts.
     */
    public static ServiceProcess launchInProduction(String module, Map<String, String> environment) throws IOException {
        return launch(module, List.of("-Xmx128m"), environment);
    }

    private static ServiceProcess launch(String module, List<String> jvmOptions, Map<String, String> environment)
            throws IOException {
        Path jar = Path.of(module, "target", "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            jar = Path.of("target", "quarkus-app", "quarkus-run.jar"); // run from the module's own directory
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run ./mvnw -q install -DskipTests first");
        }
        int port = LocalMachine.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.add("-Dquarkus.http.port=" + port);
        command.addAll(List.of("-jar", jar.toString()));
        Path log = Files.createTempFile(module, ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Two glibc malloc arenas, not eight per core: the JVM's native memory stays small, as in deployment.
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        builder.environment().putAll(environment);
        return new ServiceProcess(builder.start(), module, URI.create("http://127.0.0.1:" + port), log);
    }

    /** The exit status, if the process ends within {@code limit}. */
    public Optional<Integer> exitWithin(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue()) : Optional.empty();
    }

    /** What the service has written so far. */
    public String output() throws IOException {
        return Files.readString(log);
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

    /** Waits until {@code /q/health/ready} answers 200; fails if the service exits or is not ready in time. */
    public void awaitReady() throws InterruptedException, IOException {
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
}
