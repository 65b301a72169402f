package io.clouddiagnoze.scanner.ec2;

import static io.clouddiagnoze.testsupport.AwsEmulatorTestResource.DEMO_EXTERNAL_ID;
import static io.clouddiagnoze.testsupport.AwsEmulatorTestResource.DEMO_ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.DeadLetter;
import io.clouddiagnoze.contracts.events.RegionOutcome;
import io.clouddiagnoze.contracts.events.ResourcesDiscovered;
import io.clouddiagnoze.contracts.events.ScanResult;
import io.clouddiagnoze.contracts.resources.Ec2Instance;
import io.clouddiagnoze.emulator.state.Fixture;
import io.clouddiagnoze.testsupport.AwsEmulatorTestResource;
import io.clouddiagnoze.testsupport.ScannerHarness;
import io.clouddiagnoze.testsupport.TestKafka;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ec2-scanner end to end: a request from Kafka in, the demo account's instances out, through the real SDK. */
@QuarkusTest
class Ec2ScannerTest {
    private static final Duration SCAN_TIME = Duration.ofSeconds(60);

    TestKafka kafka;
    private ScannerHarness harness;

    @BeforeEach
    void connect() {
        harness = new ScannerHarness(kafka.bootstrapServers());
        AwsEmulatorTestResource.admin("DELETE", "/_emulator/faults", null);
    }

    @AfterEach
    void disconnect() {
        AwsEmulatorTestResource.admin("DELETE", "/_emulator/faults", null);
        harness.close();
    }

    @Test
    void everyInstanceOfTheAccountComesOutOnceInBatchesAndTheResultCountsThem() throws IOException {
        long run = ScannerHarness.newRun();

        harness.request(ServiceType.EC2, 7, run, DEMO_ROLE, DEMO_EXTERNAL_ID, List.of());

        ScanResult result = harness.awaitResult(run, SCAN_TIME);
        List<Ec2Instance> found = instances(harness.batches(run));
        assertThat(result.status()).isEqualTo(ScanResult.Status.SUCCESS);
        assertThat(found).extracting(Ec2Instance::instanceId).containsExactlyInAnyOrderElementsOf(fixtureInstanceIds());
        assertThat(result.resourceCount()).isEqualTo(found.size());
        assertThat(result.batchCount()).isEqualTo(harness.batches(run).size()).isGreaterThan(2);
        assertThat(harness.batches(run)).extracting(ResourcesDiscovered::batchSequence)
                .containsExactlyInAnyOrderElementsOf(range(result.batchCount()));
        assertThat(harness.batches(run)).allSatisfy(b -> assertThat(b.resources()).hasSizeLessThanOrEqualTo(4));
        assertThat(result.regions()).extracting(RegionOutcome::outcome).containsOnly(RegionOutcome.Outcome.OK);
        assertThat(result.regions()).extracting(RegionOutcome::region).contains("eu-west-1", "us-east-1")
                .hasSizeGreaterThan(2).doesNotHaveDuplicates();
        assertThat(result.regions()).filteredOn(r -> r.region().equals("us-east-1")).singleElement()
                .satisfies(r -> assertThat(r.resourceCount()).isEqualTo(14));
    }

    @Test
    void securityExposureIsCollectedPerInstance() throws IOException {
        long run = ScannerHarness.newRun();
        harness.request(ServiceType.EC2, 7, run, DEMO_ROLE, DEMO_EXTERNAL_ID, List.of("us-east-1", "eu-west-1"));
        harness.awaitResult(run, SCAN_TIME);
        Map<String, JsonNode> fixture = fixtureInstances();

        for (Ec2Instance instance : instances(harness.batches(run))) {
            JsonNode expected = fixture.get(instance.instanceId());
            assertThat(instance.imdsV2Required()).as(instance.instanceId()).isEqualTo("required".equals(expected.path("httpTokens").asText()));
            assertThat(instance.publicIp()).as(instance.instanceId()).isEqualTo(expected.path("publicIp").isMissingNode() ? null
                    : expected.path("publicIp").asText());
            assertThat(instance.state()).isEqualTo(expected.path("state").asText());
        }
        assertThat(instances(harness.batches(run))).anySatisfy(i -> assertThat(i.openIngress()).anySatisfy(rule -> {
            assertThat(rule.opens(22)).isTrue();
            assertThat(rule.cidr()).isIn("0.0.0.0/0", "::/0");
        }));
        assertThat(instances(harness.batches(run))).anySatisfy(i -> assertThat(i.openIngress()).anySatisfy(rule ->
                assertThat(rule.opens(3389)).isTrue()));
    }

    @Test
    void aThrottledAccountIsScannedCompletelyOnlySlower() throws IOException {
        AwsEmulatorTestResource.admin("POST", "/_emulator/faults",
                "{\"service\": \"ec2\", \"type\": \"throttle\", \"rate\": 0.3, \"seed\": 11}");
        long run = ScannerHarness.newRun();

        harness.request(ServiceType.EC2, 8, run, DEMO_ROLE, DEMO_EXTERNAL_ID, List.of());

        ScanResult result = harness.awaitResult(run, SCAN_TIME);
        assertThat(result.status()).isEqualTo(ScanResult.Status.SUCCESS);
        assertThat(instances(harness.batches(run))).extracting(Ec2Instance::instanceId)
                .containsExactlyInAnyOrderElementsOf(fixtureInstanceIds());
        assertThat(AwsEmulatorTestResource.admin("GET", "/_emulator/faults", null)).doesNotContain("\"hits\":0");
    }

    @Test
    void aWrongExternalIdEndsTheScanWithAClearError() {
        long run = ScannerHarness.newRun();

        harness.request(ServiceType.EC2, 9, run, DEMO_ROLE, "not-the-external-id", List.of("us-east-1"));

        ScanResult result = harness.awaitResult(run, SCAN_TIME);
        assertThat(result.status()).isEqualTo(ScanResult.Status.ERROR);
        assertThat(result.resourceCount()).isZero();
        assertThat(result.error()).contains("cannot assume " + DEMO_ROLE).contains("AccessDenied").contains("ExternalId");
        assertThat(harness.batches(run)).isEmpty();
    }

    @Test
    void accessDeniedOnACallIsReportedPerRegion() {
        AwsEmulatorTestResource.admin("POST", "/_emulator/faults",
                "{\"service\": \"ec2\", \"operation\": \"DescribeInstances\", \"type\": \"accessDenied\"}");
        long run = ScannerHarness.newRun();

        harness.request(ServiceType.EC2, 10, run, DEMO_ROLE, DEMO_EXTERNAL_ID, List.of("eu-west-1"));

        ScanResult result = harness.awaitResult(run, SCAN_TIME);
        assertThat(result.status()).isEqualTo(ScanResult.Status.ERROR);
        assertThat(result.regions()).singleElement().satisfies(region -> {
            assertThat(region.outcome()).isEqualTo(RegionOutcome.Outcome.ERROR);
            assertThat(region.detail()).contains("UnauthorizedOperation");
        });
    }

    @Test
    void aForgedRequestIsDeadLetteredAndNothingIsScanned() throws Exception {
        String before = AwsEmulatorTestResource.admin("GET", "/_emulator/calls", null);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        long run = ScannerHarness.newRun();
        String forged = TestTokens.scanClaims(11, run, ServiceType.EC2).expiresIn(600).jws().keyId(TestTokens.KEY_ID)
                .sign(generator.generateKeyPair().getPrivate());

        harness.request(ServiceType.EC2, 11, run, DEMO_ROLE, DEMO_EXTERNAL_ID, List.of(), forged);

        DeadLetter letter = harness.awaitDeadLetter("\"scanRunId\":" + run, SCAN_TIME);
        assertThat(letter.reason()).contains("tenant token refused");
        assertThat(AwsEmulatorTestResource.admin("GET", "/_emulator/calls", null)).isEqualTo(before);
        assertThat(harness.batches(run)).isEmpty();
    }

    private static List<Ec2Instance> instances(List<ResourcesDiscovered> batches) {
        return batches.stream().flatMap(b -> b.resources().stream()).map(Ec2Instance.class::cast).toList();
    }

    private static List<Integer> range(int count) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    private static List<String> fixtureInstanceIds() throws IOException {
        return List.copyOf(fixtureInstances().keySet());
    }

    /** The demo fixture's instances by id, read from the fixture file itself. */
    private static Map<String, JsonNode> fixtureInstances() throws IOException {
        try (InputStream in = Fixture.class.getResourceAsStream("/fixtures/demo.json")) {
            JsonNode regions = new ObjectMapper().readTree(in).path("accounts").get(0).path("regions");
            Map<String, JsonNode> byId = new java.util.LinkedHashMap<>();
            regions.forEach(region -> region.path("instances").forEach(i -> byId.put(i.path("id").asText(), i)));
            return byId;
        }
    }
}
