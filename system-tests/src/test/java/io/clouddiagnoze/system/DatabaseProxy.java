package io.clouddiagnoze.system;

import java.io.IOException;
import java.time.Duration;

/**
 * A TCP proxy to MariaDB (Debian's socat, a process per connection) that a service is pointed at so that the suite can
 * take the database out of its reach: stopping the proxy and its children cuts every open connection at once.
 */
final class DatabaseProxy implements AutoCloseable {
    private final int port;
    private Process socat;

    DatabaseProxy(int port) throws IOException {
        this.port = port;
        start();
    }

    int port() {
        return port;
    }

    /** No connection to the database through the proxy for {@code outage}. */
    void cutFor(Duration outage) throws IOException, InterruptedException {
        close();
        Thread.sleep(outage.toMillis());
        start();
    }

    private void start() throws IOException {
        socat = new ProcessBuilder("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr", "TCP:127.0.0.1:3306")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Override
    public void close() {
        socat.descendants().forEach(ProcessHandle::destroyForcibly);
        socat.destroyForcibly();
        socat.onExit().join();
    }
}
