package io.clouddiagnoze.scanner.ec2.bench;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.ScanResult;
import io.clouddiagnoze.emulator.EmulatorProcess;
import io.clouddiagnoze.emulator.state.InventoryGenerator;
import io.clouddiagnoze.testsupport.ScannerHarness;
import io.clouddiagnoze.testsupport.TestKafka;
import io.clouddiagnoze.testsupport.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * ec2-scanner against a bare loop, on one emulated account of 100,000 instances (or the count given as the
 * first argument). The bare loop makes the scanner's SDK calls and nothing else: DescribeSecurityGroups, then
 * the DescribeInstances pages (250 a page, as the scanner asks) with the same async client, counting instances. The emulator and
 * the scanner each run as a process of their own from their packaged jars, as in production; the scanner is
 * timed from the scan request on Kafka to its result there, every batch acknowledged by the broker in between. Each side runs twice, alternately; the
 * second (warm) pair gives the ratio. Prints the scanner process's peak RSS, and its peak anonymous memory sampled
 * every 50 ms.
 */
public final class Ec2ScannerBenchmark {
    private static final String ACCOUNT = "200000000001";
    private static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/" + InventoryGenerator.ROLE_NAME;
    private static final String EXTERNAL_ID = "clouddiagnoze-" + ACCOUNT;
    /** The scanner's JVM options; the environment variable {@code SCANNER_JVM} tries others. */
    private static final String SCANNER_JVM = System.getenv().getOrDefault("SCANNER_JVM", "-Xmx96m -XX:+UseSerialGC");
    /** Instances per DescribeInstances page, for the scanner and the bare loop alike; {@code PAGE_SIZE} tries others. */
    private static final int PAGE_SIZE = Integer.parseInt(System.getenv().getOrDefault("PAGE_SIZE", "250"));

    private Ec2ScannerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path jar = Path.of(System.getProperty("scanner.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: package ec2-scanner first (see the README)");
        }
        Path emulatorJar = Path.of(System.getProperty("emulator.jar", "../aws-emulator/target/aws-emulator.jar"));
        try (EmulatorProcess emulator = EmulatorProcess.start(emulatorJar, "256m", "--generate",
                "accounts=1,instances=" + count + ",seed=42");
             TestKafka kafka = TestKafka.start();
             SdkAsyncHttpClient http = NettyNioAsyncHttpClient.create()) {
            Process scanner = startScanner(jar, emulator.endpoint(), kafka.bootstrapServers());
            AtomicLong peakAnonymous = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (scanner.isAlive()) {
                    peakAnonymous.accumulateAndGet(status(scanner, "RssAnon"), Math::max);
                    LockSupport.parkNanos(50_000_000);
                }
            }, "rss-sampler");
            sampler.setDaemon(true);
            sampler.start();
            try (ScannerHarness harness = new ScannerHarness(kafka.bootstrapServers());
                 StsClient sts = StsClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                         .credentialsProvider(platformCredentials()).httpClient(UrlConnectionHttpClient.create()).build();
                 StsAssumeRoleCredentialsProvider tenant = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                         .refreshRequest(r -> r.roleArn(ROLE).externalId(EXTERNAL_ID).roleSessionName("bare-loop")).build();
                 Ec2AsyncClient ec2 = Ec2AsyncClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                         .credentialsProvider(tenant).httpClient(http).build()) {
                // A scan of an empty region first: the scanner has started and joined its consumer group.
                long ready = ScannerHarness.newRun();
                harness.request(ServiceType.EC2, 1, ready, ROLE, EXTERNAL_ID, List.of("eu-west-1"));
                harness.awaitResult(ready, Duration.ofMinutes(2));
                System.out.printf("emulated account: %,d instances in us-east-1, %d a page; scanner process %s%n", count, PAGE_SIZE,
                        SCANNER_JVM);
                List<double[]> pairs = new ArrayList<>();
                for (String pass : List.of("cold", "warm")) {
                    double bare = bareLoop(ec2, count);
                    double scan = scan(harness, count);
                    System.out.printf("%s: bare loop %.2f s (%,.0f instances/s); ec2-scanner %.2f s (%,.0f resources/s emitted); "
                            + "scanner/bare %.2f%n", pass, bare, count / bare, scan, count / scan, scan / bare);
                    pairs.add(new double[] {bare, scan});
                }
                double[] warm = pairs.get(1);
                System.out.printf("result: ec2-scanner takes %.2f× the bare loop's time (target at most 1.2×), "
                        + "peak RSS %.0f MB (target under 250 MB), of which at most %.0f MB anonymous memory "
                        + "(the rest maps files: the JDK's modules, libjvm, jars)%n", warm[1] / warm[0],
                        status(scanner, "VmHWM") / 1024.0, peakAnonymous.get() / 1024.0);
            } finally {
                scanner.destroy();
                scanner.waitFor();
            }
        }
    }

    /** The scanner's jar as its own process, pointed at the emulator and the broker the standard way. */
    private static Process startScanner(Path jar, URI emulator, String bootstrapServers) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(SCANNER_JVM.trim().split("\\s+")));
        Map<String, String> tokens = new TestTokens().start();
        tokens.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-Dkafka.bootstrap.servers=" + bootstrapServers, "-Dquarkus.http.port=0",
                "-Dclouddiagnoze.scanner.page-size=" + PAGE_SIZE,
                "-Dquarkus.log.level=WARN", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        // Two malloc arenas, not one per core and thread: the JVM allocates little natively, and each arena costs RSS.
        builder.environment().putAll(Map.of("MALLOC_ARENA_MAX", "2", "AWS_ENDPOINT_URL", emulator.toString(), "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "AKIABENCH", "AWS_SECRET_ACCESS_KEY", "platform-benchmark-secret"));
        return builder.start();
    }

    private static double bareLoop(Ec2AsyncClient ec2, int count) {
        long start = System.nanoTime();
        ec2.describeSecurityGroupsPaginator(r -> r.maxResults(1000)).subscribe(page -> { }).join();
        Set<String> ids = new HashSet<>(count * 2);
        ec2.describeInstancesPaginator(r -> r.maxResults(PAGE_SIZE)).subscribe(page -> page.reservations()
                .forEach(reservation -> reservation.instances().forEach(instance -> ids.add(instance.instanceId())))).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        check(ids.size(), count, "bare loop");
        return seconds;
    }

    /** Scan request out, result back: the time it takes and a check that every instance was emitted once. */
    private static double scan(ScannerHarness harness, int count) {
        long run = ScannerHarness.newRun();
        long start = System.nanoTime();
        harness.request(ServiceType.EC2, 1, run, ROLE, EXTERNAL_ID, List.of("us-east-1"));
        ScanResult result = harness.awaitResult(run, Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - start) / 1e9;
        Set<String> ids = new HashSet<>(count * 2);
        harness.resources(run).forEach(resource -> ids.add(resource.naturalId()));
        check(ids.size(), count, "ec2-scanner (" + result.status() + ", counted " + result.resourceCount() + ")");
        return seconds;
    }

    private static void check(int found, int expected, String who) {
        if (found != expected) {
            throw new IllegalStateException(who + " found " + found + " distinct instances, expected " + expected);
        }
    }

    /** A figure in kB from the process's {@code /proc/<pid>/status}, e.g. VmHWM (peak RSS); 0 once it is gone. */
    private static long status(Process process, String field) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
                    .filter(line -> line.startsWith(field + ":")).map(line -> line.replaceAll("\\D", ""))
                    .mapToLong(Long::parseLong).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static StaticCredentialsProvider platformCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIABENCH", "platform-benchmark-secret"));
    }
}
