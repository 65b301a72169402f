package io.clouddiagnoze.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clouddiagnoze.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The setup tool on an empty database, and what each service account may and may not do afterwards. */
class DatabaseSetupTest {
    private static final String PREFIX = "t" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36) + "_";
    private static final String PASSWORD = "pw'with;quote\\and-semicolon";

    private static TestDatabase database;
    private static long tenant;
    private static long scanRun;

    @BeforeAll
    static void setUpAnEmptyDatabase() throws SQLException {
        database = TestDatabase.create();
        new DatabaseSetup(Map.ofEntries(
                Map.entry("DB_HOST", database.host()), Map.entry("DB_PORT", String.valueOf(database.port())),
                Map.entry("DB_NAME", database.name()), Map.entry("DB_ADMIN_USER", database.adminUser()),
                Map.entry("DB_ADMIN_PASSWORD", database.adminPassword()),
                Map.entry("DB_AUTH_USER", PREFIX + "auth"), Map.entry("DB_AUTH_PASSWORD", PASSWORD),
                Map.entry("DB_ORCHESTRATOR_USER", PREFIX + "orchestrator"), Map.entry("DB_ORCHESTRATOR_PASSWORD", PASSWORD),
                Map.entry("DB_METRICS_USER", PREFIX + "metrics"), Map.entry("DB_METRICS_PASSWORD", PASSWORD),
                Map.entry("DB_NOTIFICATION_USER", PREFIX + "notification"), Map.entry("DB_NOTIFICATION_PASSWORD", PASSWORD),
                Map.entry("DB_BACKUP_USER", PREFIX + "backup"), Map.entry("DB_BACKUP_PASSWORD", PASSWORD))).setup();
        try (Connection admin = database.connect(); Statement s = admin.createStatement()) {
            s.executeUpdate("INSERT INTO users (email, password_hash, company_name, external_id, role_arn)"
                    + " VALUES ('a@example.com', '$2b$12$hash', 'Acme', 'ext-1', 'arn:aws:iam::111122223333:role/Scan')");
            tenant = single(s, "SELECT id FROM users");
            s.executeUpdate("INSERT INTO scan_runs (user_id, service_type, scan_timestamp) VALUES (" + tenant + ", 'ec2', UTC_TIMESTAMP(6))");
            scanRun = single(s, "SELECT id FROM scan_runs");
        }
    }

    @AfterAll
    static void dropAccountsAndDatabase() throws SQLException {
        try (Connection admin = database.connect(); Statement s = admin.createStatement()) {
            for (String service : List.of("auth", "orchestrator", "metrics", "notification", "backup")) {
                s.execute("DROP USER IF EXISTS '" + PREFIX + service + "'@'%'");
            }
        }
        database.close();
    }

    @Test
    void setupAppliedEveryMigrationOnTheClasspath() {
        var info = Flyway.configure().dataSource(database.jdbcUrl(), database.adminUser(), database.adminPassword())
                .load().info();

        assertThat(info.applied()).isNotEmpty().allSatisfy(m -> assertThat(m.getState().isApplied()).isTrue());
        assertThat(info.pending()).isEmpty();
    }

    @Test
    void authServiceManagesUsersButReadsNoResources() throws SQLException {
        try (Connection auth = connectAs("auth"); Statement s = auth.createStatement()) {
            s.executeUpdate("INSERT INTO users (email, password_hash, company_name, external_id)"
                    + " VALUES ('b@example.com', '$2b$12$hash', 'Beta', 'ext-2')");
            assertThat(single(s, "SELECT COUNT(*) FROM scans_in_progress WHERE tenant_id = " + tenant)).isEqualTo(1);
            assertDenied(s, "SELECT COUNT(*) FROM ec2_instances");
            assertDenied(s, "SELECT status FROM scan_runs");
            assertDenied(s, "SELECT COUNT(*) FROM findings");
            s.executeUpdate("DELETE FROM users WHERE email = 'b@example.com'");
        }
    }

    @Test
    void orchestratorWritesScansAndResourcesAndReadsOnlyTheRoleOfAUser() throws SQLException {
        try (Connection orchestrator = connectAs("orchestrator"); Statement s = orchestrator.createStatement()) {
            s.executeUpdate("INSERT INTO ec2_instances (scan_run_id, client_id, scan_timestamp, instance_id, region)"
                    + " VALUES (" + scanRun + ", " + tenant + ", UTC_TIMESTAMP(6), 'i-0ok', 'us-east-1')");
            assertThat(single(s, "SELECT COUNT(*) FROM users WHERE role_arn IS NOT NULL")).isEqualTo(1);
            assertDenied(s, "SELECT password_hash FROM users");
            assertDenied(s, "UPDATE users SET role_arn = NULL");
            // The retention job archives, deletes and restores metric rows, but never changes one.
            assertThat(single(s, "SELECT COUNT(*) FROM ec2_performance")).isZero();
            assertThat(s.executeUpdate("DELETE FROM rds_performance")).isZero();
            assertDenied(s, "UPDATE s3_performance SET number_of_objects = 0");
            assertThat(single(s, "SELECT COUNT(*) FROM users WHERE retention_months IS NULL")).isEqualTo(1);
            assertThat(s.executeUpdate("UPDATE job_leases SET holder = NULL WHERE job_name = 'retention'")).isOne();
            assertThat(s.executeUpdate("DELETE FROM archived_scan_runs")).isZero();
            assertDenied(s, "UPDATE users SET retention_months = 1");
            assertThat(s.executeUpdate("DELETE FROM stored_batches")).isZero();
            assertThat(s.executeUpdate("DELETE FROM findings")).isZero();
            assertThat(s.executeUpdate("DELETE FROM finding_changes")).isZero();
        }
    }

    @Test
    void metricsCollectorWritesMetricsAndOnlyReadsResources() throws SQLException {
        try (Connection metrics = connectAs("metrics"); Statement s = metrics.createStatement()) {
            assertThat(single(s, "SELECT COUNT(*) FROM s3_buckets")).isZero();
            s.executeQuery("SELECT id, role_arn, external_id FROM users").close();
            assertThat(s.executeUpdate("DELETE FROM performance_hourly")).isZero();
            assertThat(s.executeUpdate("UPDATE job_leases SET holder = NULL WHERE job_name = 'metric-points-window'")).isOne();
            assertDenied(s, "INSERT INTO ec2_instances (scan_run_id, client_id, scan_timestamp, instance_id, region)"
                    + " VALUES (" + scanRun + ", " + tenant + ", UTC_TIMESTAMP(6), 'i-0no', 'us-east-1')");
            assertDenied(s, "DELETE FROM scan_runs");
            assertDenied(s, "SELECT email FROM users");
        }
    }

    @Test
    void notificationServiceManagesAlertsAndReadsNothingElse() throws SQLException {
        try (Connection notification = connectAs("notification"); Statement s = notification.createStatement()) {
            s.executeUpdate("INSERT INTO alert_channels (client_id, channel_type, name, url, created_at)"
                    + " VALUES (" + tenant + ", 'webhook', 'ops', 'https://hooks.example.com/a', UTC_TIMESTAMP(6))");
            assertThat(single(s, "SELECT COUNT(*) FROM alert_deliveries")).isZero();
            assertDenied(s, "SELECT COUNT(*) FROM findings");
            assertDenied(s, "SELECT email FROM users");
            assertDenied(s, "SELECT COUNT(*) FROM s3_buckets");
            s.executeUpdate("DELETE FROM alert_channels");
        }
    }

    /** What mariadb-dump --single-transaction --master-data=2 --routines --triggers --events does, and nothing more. */
    @Test
    void theBackupAccountReadsEverythingForAConsistentDumpAndChangesNothing() throws SQLException {
        try (Connection backup = connectAs("backup"); Statement s = backup.createStatement()) {
            s.execute("FLUSH TABLES WITH READ LOCK");
            s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
            s.executeQuery("SHOW MASTER STATUS").close();
            s.execute("UNLOCK TABLES");
            try (ResultSet tables = s.executeQuery("SHOW FULL TABLES")) {
                List<String[]> all = new ArrayList<>();
                while (tables.next()) {
                    all.add(new String[] {tables.getString(1), tables.getString(2)});
                }
                assertThat(all).extracting(table -> table[0]).contains("users", "findings", "alert_deliveries", "scans_in_progress");
                for (String[] table : all) {
                    s.executeQuery("SELECT * FROM `" + table[0] + "` LIMIT 1").close();
                    s.executeQuery((table[1].equals("VIEW") ? "SHOW CREATE VIEW `" : "SHOW CREATE TABLE `") + table[0] + "`").close();
                }
            }
            s.executeQuery("SHOW TRIGGERS").close();
            s.executeQuery("SHOW EVENTS").close();
            s.execute("COMMIT");
            assertDenied(s, "UPDATE users SET company_name = 'x'");
            assertDenied(s, "DELETE FROM scan_runs");
            assertDenied(s, "INSERT INTO alert_channels (client_id, channel_type, name, url, created_at)"
                    + " VALUES (" + tenant + ", 'webhook', 'x', 'https://hooks.example.com/x', UTC_TIMESTAMP(6))");
            assertDenied(s, "CREATE TABLE sneaky (id INT)");
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), PREFIX + "auth", "wrong").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
    }

    private static Connection connectAs(String service) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), PREFIX + service, PASSWORD);
    }

    private static void assertDenied(Statement s, String sql) {
        assertThatThrownBy(() -> s.execute(sql)).isInstanceOf(SQLException.class).hasMessageContaining("denied");
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
