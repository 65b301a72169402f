package io.clouddiagnoze.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's settings as deploy/kafka/broker-config.sh renders them from deploy/kafka/server.properties.template, for
 * the launcher and for docker-compose alike: every client authenticates, nothing is allowed without an ACL, and the
 * file that holds the administrator's password is its owner's alone.
 */
class BrokerConfigTest {
    @TempDir
    Path dir;

    @Test
    void everyClientAuthenticatesAndNothingIsAllowedWithoutAnAcl() throws Exception {
        Path output = dir.resolve("server.properties");
        assertThat(render(output, "s3cret&|/@x@")).isZero();
        Properties broker = new Properties();
        try (Reader reader = Files.newBufferedReader(output)) {
            broker.load(reader);
        }
        assertThat(Files.readString(output)).doesNotContainPattern("@[A-Z_]+@");
        assertThat(broker).containsEntry("listeners", "CLIENTS://0.0.0.0:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("advertised.listeners", "CLIENTS://kafka:9092")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
                .containsEntry("log.dirs", "/var/lib/kafka/data")
                .containsEntry("listener.security.protocol.map", "CLIENTS:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT")
                .containsEntry("listener.name.clients.sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("super.users", "User:admin")
                .containsEntry("allow.everyone.if.no.acl.found", "false")
                .containsEntry("log.message.timestamp.type", "LogAppendTime");
        assertThat(broker.getProperty("listener.name.clients.scram-sha-512.sasl.jaas.config"))
                .contains("username=\"admin\" password=\"s3cret&|/@x@\";");
        assertThat(Files.getPosixFilePermissions(output)).as("it holds the administrator's password")
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void aPasswordThatWouldEndItsJaasLineOrItsScramArgumentIsRefused() throws Exception {
        Path output = dir.resolve("server.properties");
        for (String password : new String[] {"bad\"password", "bad\\password", "bad,password", "bad\npassword", ""}) {
            assertThat(render(output, password)).as(password).isNotZero();
            assertThat(output).doesNotExist();
        }
    }

    /** Runs broker_config with compose's addresses; returns its exit status. */
    private static int render(Path output, String password) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                "source kafka/broker-config.sh && broker_config \"$1\" 0.0.0.0:9092 kafka:9092 127.0.0.1:9093 /var/lib/kafka/data \"$PASSWORD\"",
                "render", output.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PASSWORD", password);
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
