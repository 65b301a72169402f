package io.clouddiagnoze.emulator.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clouddiagnoze.emulator.protocol.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The HTTP front: the JDK's built-in server with a fixed pool of worker threads. */
public final class EmulatorServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmulatorServer.class.getName());

    static {
        // The JDK server writes headers and body separately; with Nagle on, each answer then waits out the
        // client's delayed ACK (~40 ms). Read once when the server implementation loads.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService workers;

    public EmulatorServer(InetSocketAddress address, int threads, Router router) throws IOException {
        AtomicInteger workerNumber = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, task -> {
            Thread worker = new Thread(task, "aws-emulator-" + workerNumber.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
        this.server = HttpServer.create(address, 256);
        server.setExecutor(workers);
        server.createContext("/", exchange -> exchange(exchange, router));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private static void exchange(HttpExchange exchange, Router router) {
        try (exchange) {
            AwsRequest request = read(exchange);
            write(exchange, request.method(), router.route(request));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "exchange failed: " + exchange.getRequestURI(), e);
        }
    }

    private static AwsRequest read(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(",", header.getValue()));
        }
        return new AwsRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), headers, exchange.getRequestBody().readAllBytes());
    }

    private static void write(HttpExchange exchange, String method, Reply reply) throws IOException {
        if (reply.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean noBody = method.equals("HEAD") || reply.body().length == 0;
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(reply.body());
            }
        }
    }
}
