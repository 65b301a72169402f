package io.clouddiagnoze.emulator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.clouddiagnoze.emulator.EmulatorProcess;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Starts the emulator jar as a process of its own with one generated account of 100,000 instances (or the count
 * given as the first argument), pages through them as the tenant with the SDK's DescribeInstances paginator
 * (MaxResults 1000), and prints the elapsed time, instances per second and the emulator's live heap. To tell
 * the emulator's share from the SDK's, it then replays one page as many times from memory through the same
 * SDK client.
 */
public final class DescribeInstancesBenchmark {

    private static final String ACCOUNT = "200000000001";
    private static final int PAGE_SIZE = 1000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DescribeInstancesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path jar = Path.of(System.getProperty("emulator.jar", "target/aws-emulator.jar"));
        try (EmulatorProcess emulator = EmulatorProcess.start(jar, "256m", "--generate", "accounts=1,instances=" + count + ",seed=42");
             SdkHttpClient http = Apache5HttpClient.create()) {
            URI endpoint = emulator.endpoint();
            System.out.printf("emulator process started with %,d generated instances in %d ms%n", count, emulator.startupMillis());
            long startupHeap = liveHeap(endpoint);
            try (StsClient sts = StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIABENCH", "secret")))
                    .httpClient(http).build();
                 StsAssumeRoleCredentialsProvider tenant = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                         .refreshRequest(request -> request.roleArn("arn:aws:iam::" + ACCOUNT + ":role/CloudDiagnozeScanner")
                                 .roleSessionName("benchmark").externalId("clouddiagnoze-" + ACCOUNT)).build();
                 Ec2Client ec2 = ec2(endpoint, tenant, http)) {
                pageThroughEverything(ec2, count, "first pass (cold JVMs)");
                double warm = pageThroughEverything(ec2, count, "second pass (warm JVMs)");
                double sdkAlone = replayOnePage(endpoint, tenant, http, count / PAGE_SIZE);
                System.out.printf("SDK alone, one page answered %d times from memory: %.2f s "
                        + "(the emulator's share of the warm pass: %.2f s)%n", count / PAGE_SIZE, sdkAlone, Math.max(0, warm - sdkAlone));
                System.out.printf("emulator process heap in use after GC, at %,d instances: %.1f MiB at startup, "
                        + "%.1f MiB after paging%n", count, startupHeap / 1048576.0, liveHeap(endpoint) / 1048576.0);
            }
        }
    }

    private static long liveHeap(URI endpoint) throws Exception {
        String status = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/_emulator/status?gc=true")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new ObjectMapper().readTree(status).path("heapUsedBytes").asLong();
    }

    private static double pageThroughEverything(Ec2Client ec2, int count, String pass) {
        long start = System.nanoTime();
        Set<String> ids = new HashSet<>(count * 2);
        int pages = 0;
        for (DescribeInstancesResponse page : ec2.describeInstancesPaginator(request -> request.maxResults(PAGE_SIZE))) {
            pages++;
            page.reservations().forEach(reservation -> reservation.instances().forEach(instance -> ids.add(instance.instanceId())));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (ids.size() != count) {
            throw new IllegalStateException("paged " + ids.size() + " distinct instances, expected " + count);
        }
        System.out.printf("%s: %,d instances in %d pages, %.2f s, %,.0f instances/s%n",
                pass, ids.size(), pages, seconds, ids.size() / seconds);
        return seconds;
    }

    /** The SDK's own cost for {@code pages} pages: the first page, captured once, answered from memory. */
    private static double replayOnePage(URI emulator, AwsCredentialsProvider tenant, SdkHttpClient http, int pages)
            throws Exception {
        String accessKey = tenant.resolveCredentials().accessKeyId();
        byte[] page = HTTP.send(HttpRequest.newBuilder(emulator)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey
                        + "/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeInstances&Version=2016-11-15&MaxResults=" + PAGE_SIZE))
                .build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        // Without TCP_NODELAY each answer would wait out the client's delayed ACK, as in the emulator's server.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer replay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        replay.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(page);
            }
        });
        replay.start();
        try (Ec2Client ec2 = ec2(URI.create("http://127.0.0.1:" + replay.getAddress().getPort()), tenant, http)) {
            long start = System.nanoTime();
            for (int i = 0; i < pages; i++) {
                ec2.describeInstances(request -> request.maxResults(PAGE_SIZE));
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            replay.stop(0);
        }
    }

    private static Ec2Client ec2(URI endpoint, AwsCredentialsProvider credentials, SdkHttpClient http) {
        return Ec2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(http).build();
    }
}
