package io.clouddiagnoze.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clouddiagnoze.testsupport.LocalMachine;
import io.clouddiagnoze.testsupport.ServiceProcess;
import io.clouddiagnoze.testsupport.TestCertificates;
import io.clouddiagnoze.testsupport.TestTokens;
import io.clouddiagnoze.testsupport.TlsDatabaseServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged database setup tool and auth-service as compose and Kubernetes run them: the database takes TLS
 * connections only, and auth-service serves its JWK sets over HTTPS to the services that fetch them across a network.
 */
class TransportSecurityIT {
    private static final String AUTH_PASSWORD = "it-auth-" + UUID.randomUUID();
    private static TestCertificates certificates;
    private static TlsDatabaseServer database;
    private static Path signingKey;

    @BeforeAll
    static void tlsOnlyDatabaseSetUpByTheSetupTool() throws Exception {
        certificates = TestCertificates.forLocalhost();
        database = TlsDatabaseServer.start(certificates);
        signingKey = TestTokens.newSigningKeyFile();

        Map<String, String> setup = new HashMap<>(databaseOverTls());
        setup.putAll(Map.of("DB_ADMIN_USER", "root", "DB_ADMIN_PASSWORD", "", "DB_AUTH_PASSWORD", AUTH_PASSWORD,
                "DB_ORCHESTRATOR_PASSWORD", "it-orchestrator-" + UUID.randomUUID(), "DB_METRICS_PASSWORD", "it-metrics-" + UUID.randomUUID(),
                "DB_NOTIFICATION_PASSWORD", "it-notification-" + UUID.randomUUID(), "DB_BACKUP_PASSWORD", "it-backup-" + UUID.randomUUID()));
        runSetupTool(setup);
    }

    @AfterAll
    static void stop() throws Exception {
        database.close();
        certificates.close();
    }

    @Test
    void signsUpOverTheTlsDatabaseAndServesItsKeysOverHttps() throws Exception {
        int httpsPort = LocalMachine.freePort();
        Map<String, String> settings = deployment();
        settings.putAll(Map.of("HTTPS_PORT", String.valueOf(httpsPort), "HTTPS_CERTIFICATE_FILE", certificates.certificate().toString(),
                "HTTPS_CERTIFICATE_KEY_FILE", certificates.key().toString()));

        try (ServiceProcess service = ServiceProcess.launchInProduction("auth-service", settings)) {
            service.awaitReady();
            HttpResponse<String> registered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(service.base().resolve("/auth/register"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"tls-" + UUID.randomUUID() + "@example.com\","
                            + "\"password\":\"Correct-Horse-7-Battery\",\"companyName\":\"Acme\"}")).build(), HttpResponse.BodyHandlers.ofString());
            URI keys = URI.create("https://localhost:" + httpsPort + "/.well-known/jwks.json");
            HttpResponse<String> jwks = HttpClient.newBuilder().sslContext(certificates.trustingAuthorityOnly()).build()
                    .send(HttpRequest.newBuilder(keys).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            assertThat(storedUsers()).isEqualTo(1);
            assertThat(jwks.statusCode()).isEqualTo(200);
            assertThat(jwks.body()).contains("\"keys\"").contains("\"RSA\"");
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(keys).build(),
                    HttpResponse.BodyHandlers.discarding())).as("a client that does not trust the authority")
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void withoutTlsTheDatabaseTurnsItAway() throws Exception {
        Map<String, String> settings = deployment();
        settings.remove("DB_TLS_MODE");

        try (ServiceProcess service = ServiceProcess.launchInProduction("auth-service", settings)) {
            assertThat(service.exitWithin(Duration.ofSeconds(60))).as("its exit status")
                    .hasValueSatisfying(status -> assertThat(status).isNotZero());
            assertThat(service.output()).doesNotContain(AUTH_PASSWORD);
        }
    }

    private static Map<String, String> databaseOverTls() {
        return Map.of("DB_HOST", database.host(), "DB_PORT", String.valueOf(database.port()), "DB_NAME", "clouddiagnoze",
                "DB_TLS_MODE", "verify_identity", "DB_TLS_CA_FILE", certificates.authority().toString());
    }

    /** What a deployment gives auth-service, the database reached over TLS. */
    private static Map<String, String> deployment() {
        Map<String, String> settings = new HashMap<>(databaseOverTls());
        settings.putAll(Map.of("DB_USER", "cd_auth", "DB_PASSWORD", AUTH_PASSWORD,
                "AUTH_JWT_SIGNING_KEY_FILE", signingKey.toString(), "PLATFORM_AWS_ACCOUNT_ID", "210987654321",
                "SCHEDULER_CLIENT_ID", "scheduler", "SCHEDULER_CLIENT_SECRET", "it-scheduler-" + UUID.randomUUID()));
        return settings;
    }

    /** database/target/database-*-setup.jar, run as the Kubernetes Job and compose's database-setup run it. */
    private static void runSetupTool(Map<String, String> environment) throws IOException, InterruptedException {
        Path jar;
        try (Stream<Path> built = Files.list(Path.of("..", "database", "target"))) {
            jar = built.filter(file -> file.getFileName().toString().endsWith("-setup.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("database/target/*-setup.jar is missing: run ./mvnw -q install -DskipTests"));
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "setup"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the setup tool ends").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static long storedUsers() throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM clouddiagnoze.users")) {
            count.next();
            return count.getLong(1);
        }
    }
}
