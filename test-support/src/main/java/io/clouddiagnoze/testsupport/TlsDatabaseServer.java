package io.clouddiagnoze.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB server of a test's own that takes TLS connections only ({@code require_secure_transport}), with a
 * certificate {@link TestCertificates} made: the database as compose and Kubernetes run it. It is the machine's
 * {@code mariadbd} on a free port of 127.0.0.1 with a new data directory, whose {@code root} has no password; the
 * process and its files are gone after {@link #close()}.
 */
public final class TlsDatabaseServer implements AutoCloseable {
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);
    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    private static final Path SERVER = Path.of("/usr/sbin/mariadbd");

    private final Path directory;
    private final TestCertificates certificates;
    private final int port;
    private final Process process;

    private TlsDatabaseServer(Path directory, TestCertificates certificates, int port, Process process) {
        this.directory = directory;
        this.certificates = certificates;
        this.port = port;
        this.process = process;
    }

    public static TlsDatabaseServer start(TestCertificates certificates) throws IOException, InterruptedException, SQLException {
        if (!Files.isExecutable(INSTALL_DB) || !Files.isExecutable(SERVER)) {
            throw new IllegalStateException("no MariaDB server on this machine (" + SERVER + "); deploy/local/mariadb.sh start installs it");
        }
        Path directory = Files.createTempDirectory("tls-mariadb");
        String user = System.getProperty("user.name");
        LocalMachine.run(directory, Duration.ofSeconds(60), List.of(INSTALL_DB.toString(), "--no-defaults",
                "--datadir=" + directory.resolve("data"), "--user=" + user, "--auth-root-authentication-method=normal", "--skip-test-db"));
        int port = LocalMachine.freePort();
        Process process = new ProcessBuilder(SERVER.toString(), "--no-defaults", "--user=" + user,
                "--datadir=" + directory.resolve("data"), "--socket=" + directory.resolve("mariadbd.sock"),
                "--pid-file=" + directory.resolve("mariadbd.pid"), "--log-error=" + directory.resolve("error.log"),
                "--bind-address=127.0.0.1", "--port=" + port, "--innodb-buffer-pool-size=32M",
                "--ssl-ca=" + certificates.authority(), "--ssl-cert=" + certificates.certificate(),
                "--ssl-key=" + certificates.key(), "--require-secure-transport=ON")
                .redirectErrorStream(true).redirectOutput(directory.resolve("output.log").toFile()).start();
        TlsDatabaseServer server = new TlsDatabaseServer(directory, certificates, port, process);
        server.awaitConnection();
        return server;
    }

    /** The host name its certificate is for. */
    public String host() {
        return "localhost";
    }

    public int port() {
        return port;
    }

    /** A connection as root over TLS, the server's certificate checked against the test authority. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://" + host() + ":" + port + "/?sslMode=verify_identity&serverSslCert="
                + certificates.authority(), "root", "");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        LocalMachine.deleteTree(directory);
    }

    private void awaitConnection() throws InterruptedException, IOException, SQLException {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                Path log = directory.resolve("error.log");
                throw new IllegalStateException("mariadbd exited with " + process.exitValue() + ": "
                        + (Files.exists(log) ? Files.readString(log) : Files.readString(directory.resolve("output.log"))));
            }
            try (Connection ignored = connect()) {
                return;
            } catch (SQLException notYet) {
                if (System.nanoTime() > deadline) {
                    close();
                    throw notYet;
                }
            }
            Thread.sleep(200);
        }
    }
}
