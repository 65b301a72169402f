package io.clouddiagnoze.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.clouddiagnoze.testsupport.ServiceProcess;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestTokens;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged auth-service started as a deployment starts it (java -jar, the prod profile), against a migrated
 * database: it refuses to start with a setting left at a placeholder, naming the setting, and starts without Swagger UI
 * when every setting is its own.
 */
class ProductionStartIT {
    private static final Duration REFUSAL_LIMIT = Duration.ofSeconds(60);
    private static final String STRONG_PASSWORD = "it-" + UUID.randomUUID();
    private static TestDatabase database;
    private static Path signingKey;

    @BeforeAll
    static void database() throws Exception {
        database = TestDatabase.createMigrated();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            for (String[] account : new String[][] {{"it_placeholder", "change-me"}, {"it_strong", STRONG_PASSWORD}}) {
                statement.execute("CREATE OR REPLACE USER '" + account[0] + "'@'%' IDENTIFIED BY '" + account[1] + "'");
                statement.execute("GRANT ALL ON `" + database.name() + "`.* TO '" + account[0] + "'@'%'");
            }
        }
        signingKey = TestTokens.newSigningKeyFile();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP USER IF EXISTS 'it_placeholder'@'%', 'it_strong'@'%'");
        }
        database.close();
    }

    @Test
    void aPlaceholderDatabasePasswordStopsItNamingDbPassword() throws Exception {
        Map<String, String> settings = deployment();
        settings.put("DB_USER", "it_placeholder");
        settings.put("DB_PASSWORD", "change-me");

        assertRefusedNaming(settings, "DB_PASSWORD (quarkus.datasource.password) is a placeholder");
    }

    @Test
    void aShortSchedulerSecretStopsItNamingTheSecret() throws Exception {
        Map<String, String> settings = deployment();
        settings.put("SCHEDULER_CLIENT_SECRET", "cronjob");

        assertRefusedNaming(settings, "SCHEDULER_CLIENT_SECRET (auth.scheduler.client-secret) is shorter than 16 characters");
    }

    @Test
    void noSigningKeyStopsItInsteadOfMakingOne() throws Exception {
        Map<String, String> settings = deployment();
        settings.remove("AUTH_JWT_SIGNING_KEY_FILE");

        assertRefusedNaming(settings, "no signing key; set AUTH_JWT_SIGNING_KEY_FILE or AUTH_JWT_SIGNING_KEY");
    }

    @Test
    void thePlaceholderPlatformAccountStopsIt() throws Exception {
        Map<String, String> settings = deployment();
        settings.put("PLATFORM_AWS_ACCOUNT_ID", "000000000000");

        assertRefusedNaming(settings, "PLATFORM_AWS_ACCOUNT_ID is the placeholder 000000000000");
    }

    @Test
    void settingsOfItsOwnStartItWithoutSwaggerUi() throws Exception {
        try (ServiceProcess service = ServiceProcess.launchInProduction("auth-service", deployment())) {
            service.awaitReady();
            HttpResponse<Void> swagger = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(service.base().resolve("/q/swagger-ui/")).build(), HttpResponse.BodyHandlers.discarding());

            assertThat(swagger.statusCode()).isEqualTo(404);
        }
    }

    private static void assertRefusedNaming(Map<String, String> settings, String reason) throws Exception {
        try (ServiceProcess service = ServiceProcess.launchInProduction("auth-service", settings)) {
            assertThat(service.exitWithin(REFUSAL_LIMIT)).as("its exit status").hasValueSatisfying(status -> assertThat(status).isNotZero());
            assertThat(service.output()).contains("refusing to start in production: ").contains(reason)
                    .doesNotContain(STRONG_PASSWORD);
        }
    }

    /** What a deployment gives it, every setting its own. */
    private static Map<String, String> deployment() {
        return new HashMap<>(Map.of("DB_HOST", database.host(), "DB_PORT", String.valueOf(database.port()),
                "DB_NAME", database.name(), "DB_USER", "it_strong", "DB_PASSWORD", STRONG_PASSWORD,
                "AUTH_JWT_SIGNING_KEY_FILE", signingKey.toString(), "PLATFORM_AWS_ACCOUNT_ID", "210987654321",
                "SCHEDULER_CLIENT_ID", "scheduler", "SCHEDULER_CLIENT_SECRET", "it-scheduler-" + UUID.randomUUID()));
    }
}
