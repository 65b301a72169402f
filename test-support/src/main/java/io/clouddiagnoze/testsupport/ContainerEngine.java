package io.clouddiagnoze.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.testcontainers.DockerClientFactory;

/**
 * Decides whether test infrastructure runs in containers or on this machine.
 * {@code TEST_INFRA=local} or {@code TEST_INFRA=containers} forces a choice; otherwise containers are
 * used only where a container engine answers.
 */
final class ContainerEngine {
    private static final boolean AVAILABLE = detect();

    private ContainerEngine() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    private static boolean detect() {
        String forced = System.getenv().getOrDefault("TEST_INFRA", "").toLowerCase(Locale.ROOT);
        if (forced.equals("local")) {
            return false;
        }
        if (forced.equals("containers")) {
            return true;
        }
        // Asking Testcontainers on a machine with no engine costs seconds and logs errors; look for
        // an engine's socket first.
        boolean engineConfigured = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
        return engineConfigured && DockerClientFactory.instance().isDockerAvailable();
    }
}
