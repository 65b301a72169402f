package io.clouddiagnoze.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A read replica of a test's database, made by {@code deploy/local/replica.sh} as the launcher makes one: the machine's
 * {@code mariadbd} on a free port and a directory of its own, seeded from a snapshot of the database and replicating it
 * from the primary's binary log. It needs the local server with its binary log on ({@code deploy/local/mariadb.sh start}).
 */
public final class ReplicaServer implements AutoCloseable {
    private static final Duration SCRIPT_LIMIT = Duration.ofMinutes(2);

    private final Path script;
    private final Path directory;
    private final Map<String, String> settings;
    private final int port;
    private final String database;

    private ReplicaServer(Path script, Path directory, Map<String, String> settings, int port, String database) {
        this.script = script;
        this.directory = directory;
        this.settings = settings;
        this.port = port;
        this.database = database;
    }

    /** A replica of {@code primary}'s database, replicating when this returns. */
    public static ReplicaServer of(TestDatabase primary) throws IOException, InterruptedException {
        Path script = repository().resolve("deploy/local/replica.sh");
        Path directory = Files.createTempDirectory("replica");
        int port = LocalMachine.freePort();
        Map<String, String> settings = Map.of("REPLICA_PORT", Integer.toString(port), "REPLICA_DIR", directory.toString(),
                "REPLICA_BUFFER_POOL_MB", "32", "DB_NAME", primary.name(), "DB_HOST", primary.host(),
                "DB_PORT", Integer.toString(primary.port()), "DB_ADMIN_USER", primary.adminUser(),
                "DB_ADMIN_PASSWORD", primary.adminPassword());
        ReplicaServer replica = new ReplicaServer(script, directory, settings, port, primary.name());
        replica.run("start");
        return replica;
    }

    public int port() {
        return port;
    }

    /** The reactive client's URL of the replicated database. */
    public String reactiveUrl() {
        return "mysql://127.0.0.1:" + port + "/" + database;
    }

    /** A connection to the replicated database as the replica's root, which its read-only setting does not hold back. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/" + database, "root", "");
    }

    /** Stops applying the primary's transactions (they still arrive), as a replica falling behind does. */
    public void pauseApplying() throws SQLException {
        execute("STOP SLAVE SQL_THREAD");
    }

    public void resumeApplying() throws SQLException {
        execute("START SLAVE SQL_THREAD");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run("drop");
        } finally {
            if (Files.exists(directory)) {
                LocalMachine.deleteTree(directory);
            }
        }
    }

    private void run(String command) throws IOException, InterruptedException {
        LocalMachine.run(script.getParent(), SCRIPT_LIMIT, settings, List.of(script.toString(), command));
    }

    /** The checkout this test runs in: the first directory up from here that holds deploy/local. */
    private static Path repository() {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isDirectory(directory.resolve("deploy/local"))) {
                return directory;
            }
        }
        throw new IllegalStateException("no deploy/local above " + Path.of("").toAbsolutePath());
    }
}
