package io.clouddiagnoze.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator jar run as a process of its own, on a free port, for benchmarks that must not share a JVM
 * with it. Started with {@link #start}, it is ready once it has said where it listens; its later output
 * is passed through.
 */
public final class EmulatorProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+) .* in (\\d+) ms");

    private final Process process;
    private final URI endpoint;
    private final long startupMillis;

    private EmulatorProcess(Process process, URI endpoint, long startupMillis) {
        this.process = process;
        this.endpoint = endpoint;
        this.startupMillis = startupMillis;
    }

    /** Starts {@code jar} with {@code options} (for example {@code --generate …}) and a heap of {@code heap}. */
    public static EmulatorProcess start(Path jar, String heap, String... options) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: package aws-emulator first");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-jar", jar.toString(), "--port", "0"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            Matcher started = LISTENING.matcher(line);
            if (started.find()) {
                // Keep draining its output, so that a chatty emulator never blocks on a full pipe.
                Thread drain = new Thread(() -> output.lines().forEach(System.out::println), "emulator-output");
                drain.setDaemon(true);
                drain.start();
                return new EmulatorProcess(process, URI.create(started.group(1)), Long.parseLong(started.group(2)));
            }
            System.out.println(line);
        }
        throw new IllegalStateException("the emulator exited before listening, with status " + waitFor(process));
    }

    public URI endpoint() {
        return endpoint;
    }

    public long startupMillis() {
        return startupMillis;
    }

    @Override
    public void close() {
        process.destroy();
        waitFor(process);
    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
