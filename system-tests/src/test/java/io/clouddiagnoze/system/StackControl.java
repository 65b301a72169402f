package io.clouddiagnoze.system;

import io.clouddiagnoze.testsupport.LocalMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The processes of the stack that deploy/local/stack.sh started, as the fault cases stop, kill and start them: a kill
 * is a signal to the pid in its pid file; a start goes through stack.sh and kafka.sh, which know each process's settings.
 */
final class StackControl {
    private static final Duration START_LIMIT = Duration.ofMinutes(4);

    private final Path repo;
    private final Path runDir;

    StackControl(Path repo, Path runDir) {
        this.repo = repo;
        this.runDir = runDir;
    }

    Path runDir() {
        return runDir;
    }

    /** The generated passwords and secrets of the stack ({@code $RUN_DIR/secrets.env}), by name. */
    Map<String, String> secrets() throws IOException {
        Map<String, String> secrets = new HashMap<>();
        for (String line : Files.readAllLines(runDir.resolve("secrets.env"))) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                secrets.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return secrets;
    }

    /** {@code kill -9} of one process of the stack, waiting until it is gone. */
    void kill(String name) throws IOException {
        long pid = Long.parseLong(Files.readString(runDir.resolve("pids/" + name + ".pid")).trim());
        ProcessHandle.of(pid).ifPresent(process -> {
            process.destroyForcibly();
            process.onExit().join();
        });
    }

    /** Stops one service if it runs and starts it again with {@code settings} added to its own, until it is ready. */
    void restart(String service, Map<String, String> settings) throws IOException, InterruptedException {
        stackSh(settings, "restart", service);
    }

    void restart(String service) throws IOException, InterruptedException {
        restart(service, Map.of());
    }

    void killAndRestart(String service) throws IOException, InterruptedException {
        kill(service);
        restart(service);
    }

    /** One more instance of {@code service} on {@code port}, in the same consumer groups: its name is service-port. */
    String another(String service, int port) throws IOException, InterruptedException {
        stackSh(Map.of(), "another", service, String.valueOf(port));
        return service + "-" + port;
    }

    void stop(String name) throws IOException, InterruptedException {
        stackSh(Map.of(), "stop", name);
    }

    /** The Kafka broker stopped for {@code outage}, then started again. */
    void stopBrokerFor(Duration outage) throws IOException, InterruptedException {
        script("kafka.sh", Map.of(), "stop");
        Thread.sleep(outage.toMillis());
        script("kafka.sh", Map.of(), "start");
    }

    private void stackSh(Map<String, String> settings, String... arguments) throws IOException, InterruptedException {
        script("stack.sh", settings, arguments);
    }

    private void script(String script, Map<String, String> settings, String... arguments) throws IOException, InterruptedException {
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("RUN_DIR", runDir.toString());
        List<String> command = new ArrayList<>(List.of(repo.resolve("deploy/local/" + script).toString()));
        command.addAll(List.of(arguments));
        LocalMachine.run(repo, START_LIMIT, environment, command);
    }
}
