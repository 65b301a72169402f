package io.clouddiagnoze.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.resources.OpenIngressRule;
import io.clouddiagnoze.contracts.resources.S3Bucket;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestKafka;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inventory, a scan's resources and the security findings, after real scans. */
@QuarkusTest
class InventoryTest {
    /** quarkus.datasource.reactive.max-size */
    private static final int DATABASE_CONNECTIONS = 20;

    @TestHTTPResource("/")
    URI base;
    TestDatabase database;
    TestKafka kafka;
    private ScanDriver driver;
    private long tenant;

    @BeforeEach
    void scanEverything() throws Exception {
        driver = new ScanDriver(kafka.bootstrapServers());
        tenant = Fixtures.tenant(database);
        driver.completedScan(tenant, ServiceType.S3, List.of(
                Fixtures.bucket("public-unencrypted", true, S3Bucket.Encryption.NONE, false),
                Fixtures.bucket("public-encrypted", true, S3Bucket.Encryption.SSE_KMS, true),
                Fixtures.bucket("private-unencrypted", false, S3Bucket.Encryption.NONE, true),
                Fixtures.bucket("private-encrypted", false, S3Bucket.Encryption.SSE_S3, true)));
        driver.completedScan(tenant, ServiceType.EC2, List.of(
                Fixtures.instance("i-0a01", "us-east-1", "54.1.1.1", false, 22),
                Fixtures.instance("i-0a02", "eu-west-1", null, true, 3389),
                Fixtures.instance("i-0a03", "eu-west-1", null, true)));
        driver.completedScan(tenant, ServiceType.RDS, List.of(
                Fixtures.database("orders", true, 1, false, false),
                Fixtures.database("billing", false, 14, true, true)));
        driver.completedScan(tenant, ServiceType.VPC, List.of(Fixtures.vpc("vpc-0a1", true), Fixtures.vpc("vpc-0b2", false)));
    }

    @AfterEach
    void disconnect() {
        driver.close();
    }

    @Test
    void myPublicUnencryptedBuckets() {
        given().auth().oauth2(TestTokens.user(tenant)).queryParam("public", "true").queryParam("encrypted", "false")
                .when().get("/api/inventory/s3")
                .then().statusCode(200)
                .body("resources.total", equalTo(1))
                .body("resources.items.bucketName", contains("public-unencrypted"))
                .body("resources.items[0].encryption", equalTo("none"))
                .body("resources.items[0].totalSizeGb", equalTo(1.25f))
                .body("resources.items[0].tags.team", equalTo("storage"));
        given().auth().oauth2(TestTokens.user(tenant)).queryParam("tag:team", "storage").queryParam("public", "true")
                .when().get("/api/inventory/s3")
                .then().statusCode(200).body("resources.total", equalTo(2));
        given().auth().oauth2(TestTokens.user(tenant)).queryParam("tag:team", "web").when().get("/api/inventory/s3")
                .then().statusCode(200).body("resources.total", equalTo(0));
    }

    @Test
    void ec2FiltersCombine() {
        given().auth().oauth2(TestTokens.user(tenant)).queryParam("region", "eu-west-1").when().get("/api/inventory/ec2")
                .then().body("resources.items.instanceId", contains("i-0a02", "i-0a03"));
        given().auth().oauth2(TestTokens.user(tenant)).queryParam("publicIp", "true").when().get("/api/inventory/ec2")
                .then().body("resources.items.instanceId", contains("i-0a01"));
        given().auth().oauth2(TestTokens.user(tenant)).queryParam("tag:env", "prod").queryParam("state", "running")
                .queryParam("size", 2).when().get("/api/inventory/ec2")
                .then().body("resources.total", equalTo(3)).body("resources.items", hasSize(2));
        given().auth().oauth2(TestTokens.user(tenant)).queryParam("tag:env", "staging").when().get("/api/inventory/ec2")
                .then().body("resources.total", equalTo(0));
    }

    @Test
    void badFiltersAreRefusedNamingThem() {
        for (var bad : List.of(Map.of("public", "maybe"), Map.of("colour", "red"), Map.of("tag:env<x>", "prod"))) {
            given().auth().oauth2(TestTokens.user(tenant)).queryParams(bad).when().get("/api/inventory/s3")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("field", equalTo(bad.keySet().iterator().next()));
        }
        given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/inventory/lambda").then().statusCode(404);
    }

    @Test
    void anInventoryBeforeAnyScanIsEmpty() throws Exception {
        long newcomer = Fixtures.tenant(database);

        given().auth().oauth2(TestTokens.user(newcomer)).when().get("/api/inventory/rds")
                .then().statusCode(200).body("resources.total", equalTo(0)).body("scanRunId", equalTo(null));
    }

    /** The port checks read each rule's protocol and range as a scanner reports them: all ports, a range, or ICMP. */
    @Test
    void aPortIsOpenThroughAnAllPortsRuleOrARangeHoldingItButNotThroughIcmp() throws Exception {
        long other = Fixtures.tenant(database);
        driver.completedScan(other, ServiceType.EC2, List.of(
                Fixtures.instance("i-0c01", new OpenIngressRule("sg-all", "-1", null, null, "0.0.0.0/0")),
                Fixtures.instance("i-0c02", new OpenIngressRule("sg-range", "tcp", 20, 30, "::/0")),
                Fixtures.instance("i-0c03", new OpenIngressRule("sg-ping", "icmp", null, null, "0.0.0.0/0"))));

        List<String> found = given().auth().oauth2(TestTokens.user(other)).when().get("/api/findings")
                .then().statusCode(200).extract().jsonPath()
                .getList("findings.findAll { it.checkId.contains('_port_') }.collect { it.resourceId + ':' + it.checkId.tokenize('_').last() }");

        assertThat(found).containsExactlyInAnyOrder("i-0c01:22", "i-0c01:3389", "i-0c02:22");
    }

    @Test
    void findingsNameEachFailingResourceWithItsCheckAndSeverity() {
        JsonPath findings = given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/findings")
                .then().statusCode(200).extract().jsonPath();

        List<String> found = findings.getList("findings.collect { it.checkId + ':' + it.resourceId }");
        assertThat(found).contains(
                "s3_bucket_public_access:public-unencrypted", "s3_bucket_public_access:public-encrypted",
                "s3_bucket_default_encryption:public-unencrypted", "s3_bucket_default_encryption:private-unencrypted",
                "s3_bucket_versioning:public-unencrypted",
                "s3_bucket_level_public_access_block:public-unencrypted",
                "rds_instance_no_public_access:orders", "rds_instance_storage_encrypted:orders",
                "rds_instance_backup_enabled:orders", "rds_instance_multi_az:orders",
                "ec2_instance_public_ip:i-0a01", "ec2_instance_imdsv2_enabled:i-0a01",
                "ec2_securitygroup_allow_ingress_from_internet_to_port_22:i-0a01",
                "ec2_securitygroup_allow_ingress_from_internet_to_port_3389:i-0a02",
                "vpc_flow_logs_enabled:vpc-0b2");
        assertThat(found).doesNotContain("s3_bucket_public_access:private-encrypted", "rds_instance_no_public_access:billing",
                "ec2_securitygroup_allow_ingress_from_internet_to_port_22:i-0a02", "vpc_flow_logs_enabled:vpc-0a1",
                "ec2_instance_imdsv2_enabled:i-0a03");
        assertThat(findings.getLong("countBySeverity.high")).isEqualTo(
                findings.getList("findings.findAll { it.severity == 'high' }").size());
        assertThat(findings.getString("findings[0].severity")).isEqualTo("high");
        assertThat(findings.getString("findings.find { it.checkId == 'rds_instance_backup_enabled' }.remediation")).contains("7 days");
    }

    @Test
    void aScansResourcesArePagedAndTypedPerService() {
        long run = given().auth().oauth2(TestTokens.user(tenant)).queryParam("service", "rds").when().get("/api/scans")
                .then().extract().jsonPath().getLong("items[0].id");

        given().auth().oauth2(TestTokens.user(tenant)).queryParam("size", 1).when().get("/api/scans/" + run + "/resources")
                .then().statusCode(200).body("total", equalTo(2)).body("items", hasSize(1))
                .body("items[0].dbIdentifier", equalTo("billing")).body("items[0].backupRetentionDays", equalTo(14));
        given().auth().oauth2(TestTokens.user(tenant)).queryParam("page", 1).queryParam("size", 1)
                .when().get("/api/scans/" + run + "/resources")
                .then().body("items.dbIdentifier", containsInAnyOrder("orders")).body("total", equalTo(2));
        given().auth().oauth2(TestTokens.user(tenant)).queryParam("page", 5).queryParam("size", 1)
                .when().get("/api/scans/" + run + "/resources")
                .then().statusCode(200).body("items", hasSize(0)).body("total", equalTo(2));
    }

    @Test
    void threeTimesAsManyConcurrentCallersAsDatabaseConnectionsAreAllAnswered() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> paths = List.of("/api/inventory/s3?public=true", "/api/findings", "/api/inventory/ec2?state=running");
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 3 * DATABASE_CONNECTIONS; i++) {
            answers.add(http.sendAsync(HttpRequest.newBuilder(base.resolve(paths.get(i % paths.size())))
                            .header("Authorization", "Bearer " + TestTokens.user(tenant)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        // Findings are a long read: past the tenant's four at a time they are refused with 429, which is an answer too.
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            if (response.uri().getPath().equals("/api/findings") && response.statusCode() == 429) {
                assertThat(response.headers().firstValue("Retry-After")).as(response.body()).isPresent();
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            }
        }
        assertThat(answers).filteredOn(answer -> answer.join().uri().getPath().equals("/api/findings")
                && answer.join().statusCode() == 200).hasSizeGreaterThanOrEqualTo(4);
    }
}
