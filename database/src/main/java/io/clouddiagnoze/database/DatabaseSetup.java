package io.clouddiagnoze.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * Applies the CloudDiagnoze schema: the one owner of the Flyway history. Run it once per deployment
 * (the launcher, a Kubernetes Job); services only validate the schema.
 *
 * <pre>
 * java -jar database-setup.jar migrate   apply pending migrations
 * java -jar database-setup.jar setup     create the database if missing, migrate, create the service accounts
 * </pre>
 * Settings come from the environment: DB_HOST (127.0.0.1), DB_PORT (3306), DB_NAME (clouddiagnoze),
 * DB_ADMIN_USER (root), DB_ADMIN_PASSWORD (empty), DB_TLS_MODE (disabled) and DB_TLS_CA_FILE, read as the services read
 * them (META-INF/microprofile-config.properties); for {@code setup} also DB_AUTH_USER (cd_auth),
 * DB_AUTH_PASSWORD, DB_ORCHESTRATOR_USER (cd_orchestrator), DB_ORCHESTRATOR_PASSWORD,
 * DB_METRICS_USER (cd_metrics), DB_METRICS_PASSWORD, DB_NOTIFICATION_USER (cd_notification),
 * DB_NOTIFICATION_PASSWORD, DB_BACKUP_USER (cd_backup) and DB_BACKUP_PASSWORD.
 */
public final class DatabaseSetup {
    private final Map<String, String> env;

    DatabaseSetup(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) throws SQLException {
        String command = args.length == 1 ? args[0] : "";
        DatabaseSetup setup = new DatabaseSetup(System.getenv());
        switch (command) {
            case "migrate" -> setup.migrate();
            case "setup" -> setup.setup();
            default -> {
                System.err.println("usage: java -jar database-setup.jar migrate|setup (settings: see the class Javadoc)");
                System.exit(2);
            }
        }
    }

    void setup() throws SQLException {
        try (Connection server = DriverManager.getConnection(serverUrl(), adminUser(), adminPassword());
                Statement statement = server.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + database()
                    + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        migrate();
        ServiceAccounts accounts = new ServiceAccounts(
                account("DB_AUTH", "cd_auth"), account("DB_ORCHESTRATOR", "cd_orchestrator"),
                account("DB_METRICS", "cd_metrics"), account("DB_NOTIFICATION", "cd_notification"),
                account("DB_BACKUP", "cd_backup"));
        try (Connection admin = DriverManager.getConnection(databaseUrl(), adminUser(), adminPassword())) {
            accounts.apply(admin, database());
        }
        System.out.println("database " + database() + " migrated; accounts " + accounts.auth() + ", "
                + accounts.orchestrator() + ", " + accounts.metrics() + ", " + accounts.notification() + ", " + accounts.backup()
                + " granted");
    }

    void migrate() {
        var result = Flyway.configure().dataSource(databaseUrl(), adminUser(), adminPassword()).load().migrate();
        System.out.println("database " + database() + " at schema version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations applied now)");
    }

    private ServiceAccounts.Account account(String prefix, String defaultName) {
        String password = env.get(prefix + "_PASSWORD");
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException(prefix + "_PASSWORD is not set");
        }
        return new ServiceAccounts.Account(setting(prefix + "_USER", defaultName), password);
    }

    private String serverUrl() {
        return url("");
    }

    private String databaseUrl() {
        return url(database());
    }

    private String url(String database) {
        return "jdbc:mariadb://" + setting("DB_HOST", "127.0.0.1") + ":" + setting("DB_PORT", "3306") + "/" + database
                + "?sslMode=" + setting("DB_TLS_MODE", "disabled") + "&serverSslCert=" + setting("DB_TLS_CA_FILE", "");
    }

    private String database() {
        return ServiceAccounts.requireIdentifier(setting("DB_NAME", "clouddiagnoze"));
    }

    private String adminUser() {
        return setting("DB_ADMIN_USER", "root");
    }

    private String adminPassword() {
        return env.getOrDefault("DB_ADMIN_PASSWORD", "");
    }

    private String setting(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
