package io.clouddiagnoze.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.testcontainers.mariadb.MariaDBContainer;

/**
 * A fresh MariaDB database for one test run, migrated with the Flyway history found on the
 * classpath and dropped on {@link #close()}.
 *
 * <p>It is created on the local server named by {@code TEST_DB_HOST}, {@code TEST_DB_PORT},
 * {@code TEST_DB_ADMIN_USER} and {@code TEST_DB_ADMIN_PASSWORD} (default: root with an empty password
 * on 127.0.0.1:3306), or in a MariaDB 11 container where a container engine is present.
 */
public final class TestDatabase implements AutoCloseable {
    private static final String NAME_PREFIX = "cdtest_";
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    /** A database left behind by a test JVM that died is dropped by the next run after this long. */
    private static final Duration ABANDONED_AFTER = Duration.ofHours(6);

    private final String host;
    private final int port;
    private final String adminUser;
    private final String adminPassword;
    private final String name;
    private final MariaDBContainer container;

    private TestDatabase(String host, int port, String adminUser, String adminPassword, MariaDBContainer container) {
        this.host = host;
        this.port = port;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.container = container;
        this.name = NAME_PREFIX + LocalDateTime.now(ZoneOffset.UTC).format(NAME_TIME) + "_"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    }

    /** Creates an empty database (not yet migrated). */
    public static TestDatabase create() {
        TestDatabase database = ContainerEngine.available() ? inContainer() : onLocalServer();
        database.dropAbandoned();
        database.admin("CREATE DATABASE `" + database.name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return database;
    }

    /** Creates a database and applies every migration on the classpath ({@code db/migration}). */
    public static TestDatabase createMigrated() {
        TestDatabase database = create();
        database.migrate();
        return database;
    }

    private static TestDatabase onLocalServer() {
        return new TestDatabase(env("TEST_DB_HOST", "127.0.0.1"), Integer.parseInt(env("TEST_DB_PORT", "3306")),
                env("TEST_DB_ADMIN_USER", "root"), env("TEST_DB_ADMIN_PASSWORD", ""), null);
    }

    private static TestDatabase inContainer() {
        MariaDBContainer container = new MariaDBContainer("mariadb:11.4").withUsername("root").withPassword("test");
        container.start();
        return new TestDatabase(container.getHost(), container.getMappedPort(3306), "root", "test", container);
    }

    public void migrate() {
        Flyway.configure().dataSource(jdbcUrl(), adminUser, adminPassword).load().migrate();
    }

    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://" + host + ":" + port + "/" + name;
    }

    /** The URL the Vert.x reactive MySQL/MariaDB client takes. */
    public String reactiveUrl() {
        return "mysql://" + host + ":" + port + "/" + name;
    }

    /** Whether the database is on this machine's server rather than in a container of its own. */
    public boolean onThisMachine() {
        return container == null;
    }

    public String adminUser() {
        return adminUser;
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** A new JDBC connection to this database as the admin account; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), adminUser, adminPassword);
    }

    /** The single number {@code sql} answers, e.g. a {@code SELECT COUNT(*)}. */
    public long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Creates a tenant as auth-service does, with {@code roleArn} (or none) handed over; returns its id. */
    public long tenant(String roleArn, String externalId) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO users (email, password_hash, company_name, role_arn, external_id) VALUES (?, ?, 'Acme', ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, UUID.randomUUID() + "@example.com");
            s.setString(2, "$2b$12$notarealhashnotarealhashnotarealhashnotarealhashnotare");
            s.setString(3, roleArn);
            s.setString(4, externalId);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    @Override
    public void close() {
        try {
            admin("DROP DATABASE IF EXISTS `" + name + "`");
        } finally {
            if (container != null) {
                container.stop();
            }
        }
    }

    private void dropAbandoned() {
        String cutoff = LocalDateTime.now(ZoneOffset.UTC).minus(ABANDONED_AFTER).format(NAME_TIME);
        List<String> abandoned = new ArrayList<>();
        try (Connection c = adminConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW DATABASES LIKE '" + NAME_PREFIX + "%'")) {
            while (rs.next()) {
                String db = rs.getString(1);
                String created = db.substring(NAME_PREFIX.length()).split("_")[0];
                if (created.length() == cutoff.length() && created.compareTo(cutoff) < 0) {
                    abandoned.add(db);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(unreachable(), e);
        }
        abandoned.forEach(db -> admin("DROP DATABASE IF EXISTS `" + db + "`"));
    }

    private void admin(String sql) {
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(unreachable() + ": " + e.getMessage(), e);
        }
    }

    private Connection adminConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://" + host + ":" + port + "/", adminUser, adminPassword);
    }

    private String unreachable() {
        return "MariaDB at " + host + ":" + port + " as " + adminUser
                + " (set TEST_DB_HOST, TEST_DB_PORT, TEST_DB_ADMIN_USER, TEST_DB_ADMIN_PASSWORD, or run deploy/local/mariadb.sh)";
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
