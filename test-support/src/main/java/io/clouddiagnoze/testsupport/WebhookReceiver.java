package io.clouddiagnoze.notification;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver as a tenant would run one: a real HTTP server on 127.0.0.1, answering each POST with the next of the
 * statuses it was given (then 200, or what it was told to answer from then on), and keeping every request it took. It checks signatures as a receiver would, with
 * its own HMAC, not the service's code.
 */
final class Receiver implements AutoCloseable {
    /** One request: its headers (names in lower case), its raw body, and the status it was answered. */
    record Request(Map<String, String> headers, String body, int status) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final Deque<Integer> statuses;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int fallback = 200;

    private Receiver(List<Integer> statuses) {
        this.statuses = new ArrayDeque<>(statuses);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Integer next;
            synchronized (this.statuses) {
                next = this.statuses.poll();
            }
            int status = next == null ? fallback : next;
            Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream().collect(Collectors.toMap(
                    entry -> entry.getKey().toLowerCase(Locale.ROOT), entry -> String.join(",", entry.getValue())));
            requests.add(new Request(headers, body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** A receiver that answers 200 to everything. */
    static Receiver accepting() {
        return new Receiver(List.of());
    }

    /** A receiver that answers these statuses first, in order, and 200 after. */
    static Receiver answering(Integer... statuses) {
        return new Receiver(List.of(statuses));
    }

    /** Answers {@code status} to every request from now on. */
    void answerFromNowOn(int status) {
        fallback = status;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/clouddiagnoze";
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests it answered with a 2xx: the alerts it took. */
    List<Request> accepted() {
        return requests.stream().filter(request -> request.status() / 100 == 2).toList();
    }

    /** Whether the request's signature is the HMAC-SHA256 of its timestamp, ".", and its body, keyed with {@code secret}. */
    static boolean signedWith(Request request, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((request.header("X-CloudDiagnoze-Timestamp") + "." + request.body())
                    .getBytes(StandardCharsets.UTF_8));
            String signature = request.header("X-CloudDiagnoze-Signature");
            return signature != null && signature.startsWith("sha256=")
                    && MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature.substring("sha256=".length())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
