package io.clouddiagnoze.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver as a tenant would run one: a real HTTP server on 127.0.0.1, answering each POST with the next of the
 * statuses it was given (then 200, or what it was told to answer from then on), and keeping every request it took. It
 * checks signatures as a receiver would, with its own HMAC, not the service's code. Held, it keeps each request
 * unanswered until released, as a slow receiver does while the sender dies.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final Duration LONGEST_HOLD = Duration.ofMinutes(2);

    /** One request: its headers (names in lower case), its raw body, the status it was (or is to be) answered, when it came. */
    public record Request(Map<String, String> headers, String body, int status, Instant receivedAt) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final Deque<Integer> statuses;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int fallback = 200;
    private volatile CountDownLatch held;

    private WebhookReceiver(List<Integer> statuses) {
        this.statuses = new ArrayDeque<>(statuses);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Integer next;
            synchronized (this.statuses) {
                next = this.statuses.poll();
            }
            int status = next == null ? fallback : next;
            Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream().collect(Collectors.toMap(
                    entry -> entry.getKey().toLowerCase(Locale.ROOT), entry -> String.join(",", entry.getValue())));
            requests.add(new Request(headers, body, status, Instant.now()));
            CountDownLatch hold = held;
            try {
                if (hold != null && !hold.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("held longer than " + LONGEST_HOLD);
                }
                exchange.sendResponseHeaders(status, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException senderGone) {
                // The sender stopped waiting: the answer has nobody to go to.
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** A receiver that answers 200 to everything. */
    public static WebhookReceiver accepting() {
        return new WebhookReceiver(List.of());
    }

    /** A receiver that answers these statuses first, in order, and 200 after. */
    public static WebhookReceiver answering(Integer... statuses) {
        return new WebhookReceiver(List.of(statuses));
    }

    /** Answers {@code status} to every request from now on. */
    public void answerFromNowOn(int status) {
        fallback = status;
    }

    /** Leaves every request from now on unanswered until {@link #release()}. */
    public void hold() {
        held = new CountDownLatch(1);
    }

    /** Answers the requests held, and the next ones at once. */
    public void release() {
        CountDownLatch hold = held;
        held = null;
        if (hold != null) {
            hold.countDown();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/clouddiagnoze";
    }

    /** Every request it took, held ones too. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests it answered (or is to answer) with a 2xx: the alerts it took. */
    public List<Request> accepted() {
        return requests.stream().filter(request -> request.status() / 100 == 2).toList();
    }

    /** Waits until it has taken {@code count} requests, for at most {@code limit}; whether it has. */
    public boolean awaitRequests(int count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (requests.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return requests.size() >= count;
    }

    /** Whether the request's signature is the HMAC-SHA256 of its timestamp, ".", and its body, keyed with {@code secret}. */
    public static boolean signedWith(Request request, String secret) {
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
        release();
        server.stop(0);
        handlers.shutdownNow();
    }
}
