package io.clouddiagnoze.testsupport;

import static io.clouddiagnoze.testsupport.AwsEmulatorTestResource.DEMO_EXTERNAL_ID;
import static io.clouddiagnoze.testsupport.AwsEmulatorTestResource.DEMO_ROLE;
import static io.clouddiagnoze.testsupport.AwsEmulatorTestResource.admin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.EventCodec;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.DeadLetter;
import io.clouddiagnoze.contracts.events.RegionOutcome;
import io.clouddiagnoze.contracts.events.ResourcesDiscovered;
import io.clouddiagnoze.contracts.events.ScanRequested;
import io.clouddiagnoze.contracts.events.ScanResult;
import io.clouddiagnoze.contracts.resources.DiscoveredResource;
import io.clouddiagnoze.emulator.state.Account;
import io.clouddiagnoze.emulator.state.Fixture;
import io.clouddiagnoze.emulator.state.GeneratorSpec;
import io.clouddiagnoze.emulator.state.InventoryGenerator;
import io.clouddiagnoze.emulator.state.RegionInventory;
import io.quarkus.test.common.http.TestHTTPResourceManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every scanner must do, end to end through the real Kafka broker and the real AWS SDK against
 * aws-emulator: each scanner's {@code @QuarkusTest} extends this and adds what is particular to its
 * resources. The expected resources are read from the emulator's own account state, never restated.
 */
public abstract class ScannerContractTest {
    protected static final Duration SCAN_TIME = Duration.ofSeconds(60);
    /** A second account, larger than the demo one, so that every listing takes several pages in every region. */
    private static final String LARGE_ACCOUNT_SPEC = "instances=23,buckets=8,vpcs=11,databases=41,seed=7,regions=us-east-1+eu-west-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceType service;
    private final String emulatedService;
    private final String listingOperation;

    /** Injected by {@link KafkaTestResource}. */
    protected TestKafka kafka;
    protected ScannerHarness harness;

    /**
     * @param emulatedService the AWS service the scanner calls, as faults name it ({@code ec2} for VPCs)
     * @param listingOperation the call that lists the scanner's resources, e.g. {@code DescribeInstances}
     */
    protected ScannerContractTest(ServiceType service, String emulatedService, String listingOperation) {
        this.service = service;
        this.emulatedService = emulatedService;
        this.listingOperation = listingOperation;
    }

    /** The resources of {@code account} this scanner must report. */
    protected abstract List<Located> expectedResources(Account account);

    /** A resource by its region and natural id: RDS identifiers, unlike instance and VPC ids, repeat across regions. */
    public record Located(String region, String naturalId) {
    }

    @BeforeEach
    void connect() {
        harness = new ScannerHarness(kafka.bootstrapServers());
        admin("DELETE", "/_emulator/faults", null);
    }

    @AfterEach
    void disconnect() {
        admin("DELETE", "/_emulator/faults", null);
        harness.close();
    }

    @Test
    void everyResourceOfTheAccountComesOutOnceInBatchesAndTheResultCountsThem() {
        long run = ScannerHarness.newRun();

        harness.request(service, 7, run, DEMO_ROLE, DEMO_EXTERNAL_ID, List.of());

        ScanResult result = harness.awaitResult(run, SCAN_TIME);
        List<ResourcesDiscovered> batches = harness.batches(run);
        List<Located> expected = expectedResources(demoAccount());
        assertThat(result.status()).isEqualTo(ScanResult.Status.SUCCESS);
        assertThat(located(run)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(result.resourceCount()).isEqualTo(expected.size());
        assertThat(result.batchCount()).isEqualTo(batches.size()).isGreaterThan(2);
        assertThat(batches).extracting(ResourcesDiscovered::batchSequence)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, result.batchCount()).boxed().toList());
        assertThat(batches).allSatisfy(batch -> {
            assertThat(batch.resources()).hasSizeLessThanOrEqualTo(config("clouddiagnoze.scanner.batch.max-resources"));
            if (batch.resources().size() > 1) {
                assertThat(EventCodec.encode(batch).length).isLessThanOrEqualTo(config("clouddiagnoze.scanner.batch.max-bytes"));
            }
        });
        assertThat(result.regions()).extracting(RegionOutcome::outcome).containsOnly(RegionOutcome.Outcome.OK);
        assertThat(result.regions()).extracting(RegionOutcome::region).contains("eu-west-1", "us-east-1")
                .hasSizeGreaterThan(2).doesNotHaveDuplicates();
        Map<String, Long> perRegion = expected.stream().collect(Collectors.groupingBy(Located::region, Collectors.counting()));
        assertThat(result.regions()).allSatisfy(region -> assertThat((long) region.resourceCount()).as(region.region())
                .isEqualTo(perRegion.getOrDefault(region.region(), 0L)));
    }

    @Test
    void itsCountersSayHowManyScansItFinishedAndHowManyResourcesItSent() {
        String scanned = "clouddiagnoze_scans_scanned_total";
        String emitted = "clouddiagnoze_resources_emitted_total";
        String ofService = "service=\"" + service.id() + "\"";
        String before = metrics();
        long run = ScannerHarness.newRun();

        harness.request(service, 7, run, DEMO_ROLE, DEMO_EXTERNAL_ID, List.of());

        ScanResult result = harness.awaitResult(run, SCAN_TIME);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String after = metrics();
            assertThat(PrometheusText.sum(after, scanned, ofService, "status=\"success\"")
                    - PrometheusText.sum(before, scanned, ofService, "status=\"success\"")).isEqualTo(1);
            assertThat(PrometheusText.sum(after, emitted, ofService) - PrometheusText.sum(before, emitted, ofService))
                    .isEqualTo(result.resourceCount());
        });
    }

    @Test
    void aLargerAccountIsPagedThroughAndEveryResourceComesOutExactlyOnce() {
        String accountId = String.format("%012d", 200_000_000_000L + service.ordinal());
        String role = "arn:aws:iam::" + accountId + ":role/" + InventoryGenerator.ROLE_NAME;
        admin("POST", "/_emulator/roles", "{\"roleArn\": \"" + role + "\", \"externalId\": \"large-account\", \"generate\": \""
                + LARGE_ACCOUNT_SPEC + "\"}");
        long listingsBefore = calls(listingOperation);
        long run = ScannerHarness.newRun();

        harness.request(service, 12, run, role, "large-account", List.of("us-east-1", "eu-west-1"));

        ScanResult result = harness.awaitResult(run, SCAN_TIME);
        List<Located> expected = expectedResources(InventoryGenerator.account(GeneratorSpec.parse(LARGE_ACCOUNT_SPEC), accountId));
        assertThat(result.status()).isEqualTo(ScanResult.Status.SUCCESS);
        assertThat(located(run)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(result.resourceCount()).isEqualTo(expected.size());
        assertThat(calls(listingOperation) - listingsBefore).as("pages of " + listingOperation).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aThrottledAccountIsScannedCompletelyOnlySlower() {
        admin("POST", "/_emulator/faults", "{\"service\": \"" + emulatedService + "\", \"type\": \"throttle\", \"rate\": 0.3, \"limit\": 8, \"seed\": 11}");
        long run = ScannerHarness.newRun();

        harness.request(service, 8, run, DEMO_ROLE, DEMO_EXTERNAL_ID, List.of("us-east-1", "eu-west-1"));

        ScanResult result = harness.awaitResult(run, SCAN_TIME);
        assertThat(result.status()).isEqualTo(ScanResult.Status.SUCCESS);
        assertThat(located(run)).containsExactlyInAnyOrderElementsOf(expectedResources(demoAccount()));
        assertThat(admin("GET", "/_emulator/faults", null)).doesNotContain("\"hits\":0");
    }

    @Test
    void aWrongExternalIdEndsTheScanWithAClearError() {
        long run = ScannerHarness.newRun();

        harness.request(service, 9, run, DEMO_ROLE, "not-the-external-id", List.of("us-east-1"));

        ScanResult result = harness.awaitResult(run, SCAN_TIME);
        assertThat(result.status()).isEqualTo(ScanResult.Status.ERROR);
        assertThat(result.resourceCount()).isZero();
        assertThat(result.error()).contains("cannot assume " + DEMO_ROLE).contains("AccessDenied").contains("ExternalId");
        assertThat(harness.batches(run)).isEmpty();
    }

    @Test
    void accessDeniedOnTheListingIsReportedAsTheRegionsError() {
        admin("POST", "/_emulator/faults", "{\"service\": \"" + emulatedService + "\", \"operation\": \"" + listingOperation
                + "\", \"type\": \"accessDenied\"}");
        long run = ScannerHarness.newRun();

        harness.request(service, 10, run, DEMO_ROLE, DEMO_EXTERNAL_ID, List.of("eu-west-1"));

        ScanResult result = harness.awaitResult(run, SCAN_TIME);
        assertThat(result.status()).isEqualTo(ScanResult.Status.ERROR);
        assertThat(result.regions()).singleElement().satisfies(region -> {
            assertThat(region.outcome()).isEqualTo(RegionOutcome.Outcome.ERROR);
            assertThat(region.detail()).containsAnyOf("AccessDenied", "UnauthorizedOperation");
        });
        assertThat(harness.batches(run)).isEmpty();
    }

    @Test
    void aForgedRequestIsDeadLetteredAndNothingIsScanned() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        long run = ScannerHarness.newRun();
        String forged = TestTokens.scanRequestClaims(11, run, service, DEMO_ROLE, DEMO_EXTERNAL_ID).expiresIn(600).jws()
                .keyId(TestTokens.SCAN_KEY_ID).sign(generator.generateKeyPair().getPrivate());

        assertRefusedUnscanned(run, DEMO_ROLE, DEMO_EXTERNAL_ID, forged, "scan request token refused");
    }

    /**
     * The attack the request token's role binding stops: a tenant's own request, read off the topic, written back with
     * another tenant's role ARN and ExternalId (which travel in clear on the topic) under the first tenant's token.
     */
    @Test
    void aRequestReplayedWithAnotherTenantsRoleIsRefusedWithoutAssumingIt() {
        String otherRole = "arn:aws:iam::444455556666:role/CloudDiagnozeScanner";
        admin("POST", "/_emulator/roles", "{\"roleArn\": \"" + otherRole + "\", \"externalId\": \"other-tenant\"}");
        long run = ScannerHarness.newRun();
        String ownToken = TestTokens.scanRequest(11, run, service, DEMO_ROLE, DEMO_EXTERNAL_ID);

        assertRefusedUnscanned(run, otherRole, "other-tenant", ownToken, "role ARN or ExternalId other than the ones its token");
        // Another ExternalId for the same role is refused as well: the token binds both.
        long next = ScannerHarness.newRun();
        assertRefusedUnscanned(next, DEMO_ROLE, "guessed-external-id",
                TestTokens.scanRequest(11, next, service, DEMO_ROLE, DEMO_EXTERNAL_ID), "role ARN or ExternalId other than");
    }

    /** The token on a scan's batches and result, which other services read, cannot start a scan. */
    @Test
    void theTokenOfAScansEventsCannotStartAScan() {
        long run = ScannerHarness.newRun();

        assertRefusedUnscanned(run, DEMO_ROLE, DEMO_EXTERNAL_ID, TestTokens.scanEvents(11, run, service), "scan request token refused");
    }

    /** The request's age is its token's, whatever {@code requestedAt} (which the sender writes) says. */
    @Test
    void aRequestWhoseTokenHasExpiredIsDeadLetteredAndNothingIsScanned() {
        long run = ScannerHarness.newRun();
        Instant signed = Instant.now().minus(Duration.ofMinutes(16));
        String expired = TestTokens.signScanAsIs(TestTokens.scanRequestClaims(11, run, service, DEMO_ROLE, DEMO_EXTERNAL_ID)
                .issuedAt(signed).expiresAt(signed.plus(Duration.ofMinutes(15))));

        assertRefusedUnscanned(run, DEMO_ROLE, DEMO_EXTERNAL_ID, expired, "scan request token expired at");
        assertThat(harness.awaitDeadLetter("\"scanRunId\":" + run, SCAN_TIME).reason()).contains("its run has timed out");
    }

    /** Sends a request for {@code run} that must be dead-lettered with {@code reason}, with no AWS call made for it. */
    private void assertRefusedUnscanned(long run, String roleArn, String externalId, String requestToken, String reason) {
        String before = admin("GET", "/_emulator/calls", null);

        harness.send(new ScanRequested(run, 11, service, roleArn, externalId, List.of(), Instant.now()), requestToken);

        DeadLetter letter = harness.awaitDeadLetter("\"scanRunId\":" + run, SCAN_TIME);
        assertThat(letter.reason()).contains(reason);
        assertThat(admin("GET", "/_emulator/calls", null)).as("AWS calls, AssumeRole included").isEqualTo(before);
        assertThat(harness.batches(run)).isEmpty();
    }

    private List<Located> located(long run) {
        return harness.resources(run).stream().map(resource -> new Located(resource.region(), resource.naturalId())).toList();
    }

    /** The resources of every region of {@code account} that {@code inRegion} lists, by the id {@code naturalId} gives. */
    protected static <T> List<Located> inEveryRegion(Account account, Function<RegionInventory, List<T>> inRegion,
                                                      Function<T, String> naturalId) {
        return account.regionNames().stream().flatMap(region -> inRegion.apply(account.region(region)).stream()
                .map(resource -> new Located(region, naturalId.apply(resource)))).toList();
    }

    /** What a successful scan of the demo account's two regions found, as the scanner's resource type. */
    protected <T extends DiscoveredResource> List<T> scanDemo(Class<T> type) {
        long run = ScannerHarness.newRun();
        harness.request(service, 7, run, DEMO_ROLE, DEMO_EXTERNAL_ID, List.of("us-east-1", "eu-west-1"));
        assertThat(harness.awaitResult(run, SCAN_TIME).status()).isEqualTo(ScanResult.Status.SUCCESS);
        return harness.resources(run).stream().map(type::cast).toList();
    }

    /** The demo account, as the emulator under test loaded it. */
    protected static Account demoAccount() {
        return Fixture.named("demo").firstAccount();
    }

    /** The scanner's {@code /q/metrics}, as Prometheus reads them. */
    private static String metrics() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(TestHTTPResourceManager.getUri() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int config(String name) {
        return ConfigProvider.getConfig().getValue(name, Integer.class);
    }

    /** How often the emulator has answered {@code operation} of the scanner's service so far. */
    private long calls(String operation) {
        try {
            JsonNode counts = JSON.readTree(admin("GET", "/_emulator/calls", null));
            return counts.path(emulatedService + ":" + operation).path("calls").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
