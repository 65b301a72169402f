package io.clouddiagnoze.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.clouddiagnoze.contracts.EventCodec;
import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.Topics;
import io.clouddiagnoze.contracts.events.ResourceChanged;
import io.clouddiagnoze.contracts.resources.Ec2Instance;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestKafka;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two scans of the same account: the diff, each resource's history, the change events and the exports. */
@QuarkusTest
class HistoryTest {
    TestDatabase database;
    TestKafka kafka;
    private ScanDriver driver;
    private long tenant;
    private long first;
    private long second;

    @BeforeEach
    void scanTwice() throws Exception {
        driver = new ScanDriver(kafka.bootstrapServers());
        tenant = Fixtures.tenant(database);
        first = driver.completedScan(tenant, ServiceType.EC2, List.of(
                Fixtures.instance("i-0c01", "us-east-1", "54.1.1.1", false, 22),
                Fixtures.instance("i-0c02", "us-east-1", null, true),
                Fixtures.instance("i-0c03", "us-east-1", null, true)));
        Ec2Instance stopped = Fixtures.instance("i-0c01", "us-east-1", null, true, 22);
        stopped = new Ec2Instance(stopped.instanceId(), "t3.large", "stopped", stopped.region(), null, stopped.privateIp(),
                stopped.tags(), stopped.vpcId(), stopped.subnetId(), stopped.launchTime(), stopped.imageId(), true,
                stopped.securityGroupIds(), stopped.openIngress());
        second = driver.completedScan(tenant, ServiceType.EC2, List.of(stopped,
                Fixtures.instance("i-0c02", "us-east-1", null, true),
                Fixtures.instance("i-0c04", "us-east-1", null, true)));
    }

    @AfterEach
    void disconnect() {
        driver.close();
    }

    @Test
    void theDiffNamesWhatWasAddedRemovedAndChangedFieldByField() {
        JsonPath diff = given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/scans/" + second + "/diff")
                .then().statusCode(200).extract().jsonPath();

        assertThat(diff.getLong("previousScanRunId")).isEqualTo(first);
        assertThat(diff.getMap("totals")).containsExactlyInAnyOrderEntriesOf(Map.of("added", 1, "removed", 1, "changed", 1));
        assertThat(diff.getList("added.instanceId")).containsExactly("i-0c04");
        assertThat(diff.getList("removed.instanceId")).containsExactly("i-0c03");
        assertThat(diff.getList("changed.resourceId")).containsExactly("i-0c01");
        assertThat(diff.getList("changed[0].fields.field")).containsExactlyInAnyOrder("instanceType", "state", "publicIp", "imdsV2Required");
        assertThat(diff.getString("changed[0].fields.find { it.field == 'state' }.before")).isEqualTo("running");
        assertThat(diff.getString("changed[0].fields.find { it.field == 'state' }.after")).isEqualTo("stopped");
    }

    @Test
    void aDiffCountsEveryChangeAndListsTheFirst500OfEachKind() throws Exception {
        long bigTenant = Fixtures.tenant(database);
        List<Ec2Instance> instances = IntStream.range(0, 700)
                .mapToObj(i -> Fixtures.instance(String.format("i-%05d", i), "us-east-1", null, true)).toList();
        driver.completedScan(bigTenant, ServiceType.EC2, instances);
        long next = driver.completedScan(bigTenant, ServiceType.EC2, List.of(Fixtures.instance("i-0aaaa", "us-east-1", null, true)));

        JsonPath diff = given().auth().oauth2(TestTokens.user(bigTenant)).when().get("/api/scans/" + next + "/diff")
                .then().statusCode(200).extract().jsonPath();

        assertThat(diff.getMap("totals")).containsExactlyInAnyOrderEntriesOf(Map.of("added", 1, "removed", 700, "changed", 0));
        assertThat(diff.getInt("listed")).isEqualTo(500);
        assertThat(diff.getList("added.instanceId")).containsExactly("i-0aaaa");
        assertThat(diff.getList("removed")).hasSize(500);
    }

    @Test
    void aResourcesHistoryShowsEverySightingAndItsChanges() {
        given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/resources/ec2/i-0c01/history")
                .then().statusCode(200)
                .body("sightingCount", equalTo(2))
                .body("sightings.scanRunId", contains((int) first, (int) second))
                .body("changes", hasSize(1))
                .body("changes[0].scanRunId", equalTo((int) second))
                .body("latest.state", equalTo("stopped"));
        given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/resources/ec2/i-0c03/history")
                .then().statusCode(200).body("sightingCount", equalTo(1)).body("changes", hasSize(0));
        given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/resources/ec2/i-0ffff/history").then().statusCode(404);
    }

    @Test
    void resourceChangesArePublishedForDownstreamConsumers() {
        try (KafkaCompanion companion = new KafkaCompanion(kafka.bootstrapServers())) {
            var task = companion.consume(String.class, byte[].class).fromTopics(Topics.RESOURCE_CHANGES);
            List<ResourceChanged> ofSecond = await().atMost(Duration.ofSeconds(20)).until(() -> task.getRecords().stream()
                    .map(r -> decode(r.value())).filter(c -> c.scanRunId() == second).toList(), list -> list.size() == 3);
            task.stop();

            // Read by analytics and alerts, they carry no scan token that could start or feed a scan.
            assertThat(task.getRecords()).allSatisfy(record -> assertThat(record.headers().headers(EventHeaders.TENANT_TOKEN))
                    .isEmpty());

            assertThat(ofSecond).extracting(c -> c.change() + ":" + c.resourceId())
                    .containsExactlyInAnyOrder("ADDED:i-0c04", "REMOVED:i-0c03", "CHANGED:i-0c01");
            assertThat(ofSecond).allSatisfy(c -> {
                assertThat(c.tenantId()).isEqualTo(tenant);
                assertThat(c.previousScanRunId()).isEqualTo(first);
                // The removed instance's as the first scan saw them, the others' as the second did.
                assertThat(c.tags()).isEqualTo(Map.of("env", "prod", "team", "web"));
            });
        }
    }

    @Test
    void aScanOfTenThousandResourcesPublishesEveryOneOfItsChanges() throws Exception {
        long bigTenant = Fixtures.tenant(database);
        List<Ec2Instance> instances = IntStream.range(0, 10_000)
                .mapToObj(i -> Fixtures.instance(String.format("i-%05d", i), "us-east-1", null, true)).toList();
        try (KafkaCompanion companion = new KafkaCompanion(kafka.bootstrapServers())) {
            var task = companion.consume(String.class, byte[].class).fromTopics(Topics.RESOURCE_CHANGES);
            long run = driver.completedScan(bigTenant, ServiceType.EC2, instances);

            Set<String> added = await().atMost(Duration.ofSeconds(30)).until(() -> task.getRecords().stream()
                    .map(r -> decode(r.value())).filter(c -> c.scanRunId() == run).map(ResourceChanged::resourceId)
                    .collect(Collectors.toSet()), ids -> ids.size() == instances.size());
            task.stop();

            assertThat(added).contains("i-00000", "i-09999");
            await().atMost(Duration.ofSeconds(10)).until(() -> database.count("SELECT COUNT(*) FROM scan_runs WHERE changes_published_at IS NOT NULL AND id = " + run) == 1);
        }
    }

    @Test
    void aScanExportsAsCsvAndAsJson() {
        String csv = given().auth().oauth2(TestTokens.user(tenant)).queryParam("format", "csv")
                .when().get("/api/scans/" + second + "/export")
                .then().statusCode(200).contentType("text/csv")
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("scan-" + second + "-ec2.csv"))
                .extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("instanceId,instanceType,state,region,publicIp");
        assertThat(lines.get(1)).startsWith("i-0c01,t3.large,stopped,us-east-1,,");

        JsonPath json = given().auth().oauth2(TestTokens.user(tenant)).queryParam("format", "json")
                .when().get("/api/scans/" + second + "/export")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
        assertThat(json.getList("instanceId")).containsExactly("i-0c01", "i-0c02", "i-0c04");
        assertThat(json.getString("[0].tags.env")).isEqualTo("prod");

        given().auth().oauth2(TestTokens.user(tenant)).queryParam("format", "xml").when().get("/api/scans/" + second + "/export")
                .then().statusCode(400).body("field", equalTo("format"));
    }

    private static ResourceChanged decode(byte[] value) {
        try {
            return EventCodec.decode(value, ResourceChanged.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
