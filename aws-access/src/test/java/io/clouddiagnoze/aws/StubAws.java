package io.clouddiagnoze.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

/** An AWS query-protocol endpoint (STS) on 127.0.0.1 for tests: keeps each request and answers it as told. */
final class StubAws implements AutoCloseable {
    /** A request as AWS would see it: who signed it, and its form parameters. */
    record Request(String authorization, Map<String, String> params) {
        String param(String name) {
            return params.get(name);
        }
    }

    /** An answer: a status and an XML body; {@link #NEVER} holds the request until the stub closes. */
    record Answer(int status, String xml) {
        static final Answer NEVER = new Answer(0, null);
        /** STS GetCallerIdentity's answer for account 111122223333. */
        static final Answer IDENTITY = new Answer(200, "<GetCallerIdentityResponse><GetCallerIdentityResult>"
                + "<Account>111122223333</Account></GetCallerIdentityResult></GetCallerIdentityResponse>");

        static Answer error(int status, String code, String message) {
            return new Answer(status, "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
                    + "</Message></Error><RequestId>stub</RequestId></ErrorResponse>");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Function<Request, Answer> answers;

    StubAws(Function<Request, Answer> answers) {
        this.answers = answers;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestHeaders().getFirst("Authorization"), form(body));
        requests.add(request);
        Answer answer = answers.apply(request);
        if (answer == Answer.NEVER) {
            awaitClose();
            exchange.close();
            return;
        }
        byte[] xml = answer.xml().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.sendResponseHeaders(answer.status(), xml.length);
        exchange.getResponseBody().write(xml);
        exchange.close();
    }

    private void awaitClose() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&")).filter(pair -> pair.contains("=")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> decode(pair[0]), pair -> decode(pair[1])));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
