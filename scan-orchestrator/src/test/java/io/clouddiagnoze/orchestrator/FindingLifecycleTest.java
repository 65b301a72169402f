package io.clouddiagnoze.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.resources.S3Bucket;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A finding lives across scans: opened by the scan that first sees it, seen again, resolved, and opened anew. */
@QuarkusTest
class FindingLifecycleTest extends TenantScans {
    private static final String PUBLIC_BUCKET = "s3_bucket_public_access";

    @Test
    void aBucketMadePublicOpensAFindingThatTheScanFindingItPrivateResolvesAndAThirdTimeOpensANewOne() throws Exception {
        long privateFirst = scanSite(false);
        findings("open").then().body("findings.findAll { it.checkId == '" + PUBLIC_BUCKET + "' }", hasSize(0));

        long madePublic = scanSite(true);
        long seenAgain = scanSite(true);
        JsonPath open = findings("open").then().statusCode(200).extract().jsonPath();
        Map<String, Object> finding = open.getMap("findings.find { it.checkId == '" + PUBLIC_BUCKET + "' }");
        assertThat(finding).containsEntry("resourceId", "site").containsEntry("status", "open").containsEntry("severity", "high")
                .containsEntry("firstSeenScanRunId", (int) madePublic).containsEntry("lastSeenScanRunId", (int) seenAgain);
        // The evidence: the bucket is public and has no public access block at all.
        assertThat(open.getMap("findings.find { it.checkId == '" + PUBLIC_BUCKET + "' }.evidence")).hasSize(5)
                .containsEntry("publiclyAccessible", true).containsEntry("blockPublicAcls", null)
                .containsEntry("restrictPublicBuckets", null);
        assertThat(open.getLong("countBySeverity.high")).isEqualTo(1);
        assertThat(Instant.parse((String) finding.get("firstSeenAt"))).isBefore(Instant.parse((String) finding.get("lastSeenAt")));

        long madePrivate = scanSite(false);
        findings("open").then().body("findings.findAll { it.checkId == '" + PUBLIC_BUCKET + "' }", hasSize(0))
                .body("countBySeverity.high", equalTo(0));
        Map<String, Object> resolved = findings("resolved").then().extract().jsonPath()
                .getMap("findings.find { it.checkId == '" + PUBLIC_BUCKET + "' }");
        assertThat(resolved).containsEntry("id", finding.get("id")).containsEntry("resolvedScanRunId", (int) madePrivate);
        assertThat(resolved.get("resolvedAt")).isNotNull();

        Instant beforeThird = Instant.now();
        long publicAgain = scanSite(true);
        List<Map<String, Object>> occurrences = findings("all").then().extract().jsonPath()
                .getList("findings.findAll { it.checkId == '" + PUBLIC_BUCKET + "' }");
        assertThat(occurrences).extracting(o -> o.get("status")).containsExactlyInAnyOrder("open", "resolved");
        assertThat(occurrences).filteredOn(o -> o.get("status").equals("open")).singleElement()
                .satisfies(o -> assertThat(o).containsEntry("firstSeenScanRunId", (int) publicAgain)
                        .doesNotContainEntry("id", finding.get("id")));
        as(tenant).queryParam("since", beforeThird.toString()).when().get("/api/findings/changes").then().statusCode(200)
                .body("opened.findAll { it.checkId == '" + PUBLIC_BUCKET + "' }.resourceId", equalTo(List.of("site")))
                .body("resolved", hasSize(0)).body("resolvedTotal", equalTo(0))
                .body("openedTotal", equalTo(2));
        // A resource's page reads its findings' timeline: both occurrences, the resolved one and the open one.
        as(tenant).queryParam("status", "all").queryParam("resourceId", "site").queryParam("checkId", PUBLIC_BUCKET)
                .when().get("/api/findings").then().statusCode(200).body("findings.status", equalTo(List.of("resolved", "open")));
        assertThat(privateFirst).isLessThan(madePublic);
    }

    @Test
    void deletingTheScanThatFirstSawAFindingKeepsTheFindingAndItsTimes() throws Exception {
        scanSite(false);
        long madePublic = scanSite(true);
        scanSite(true);
        Map<String, Object> before = findings("open").then().extract().jsonPath()
                .getMap("findings.find { it.checkId == '" + PUBLIC_BUCKET + "' }");

        as(tenant).when().delete("/api/scans/" + madePublic).then().statusCode(204);

        Map<String, Object> after = findings("open").then().extract().jsonPath()
                .getMap("findings.find { it.checkId == '" + PUBLIC_BUCKET + "' }");
        assertThat(after).containsEntry("id", before.get("id")).containsEntry("firstSeenAt", before.get("firstSeenAt"))
                .containsEntry("firstSeenScanRunId", null);
    }

    @Test
    void anotherTenantSeesNoneOfItAndARedeliveredResultRecordsNothingTwice() throws Exception {
        long run = scanSite(true);
        long other = Fixtures.tenant(database);
        as(other).queryParam("status", "all").when().get("/api/findings").then().statusCode(200).body("findings", hasSize(0));
        as(other).when().get("/api/findings/summary").then().statusCode(200)
                .body("find { it.checkId == '" + PUBLIC_BUCKET + "' }.open", equalTo(0));

        Fixtures.result(driver.events(), tenant, run, ServiceType.S3, 1);
        scanSite(true);

        assertThat(database.count("SELECT COUNT(*) FROM findings WHERE client_id = " + tenant + " AND check_id = '"
                + PUBLIC_BUCKET + "'")).isEqualTo(1);
        as(tenant).when().get("/api/findings/summary").then().statusCode(200)
                .body("find { it.checkId == '" + PUBLIC_BUCKET + "' }.open", equalTo(1));
    }

    @Test
    void aMuteHidesAFindingFromTheOpenOnesUntilItEndsAndSaysWhoMutedItAndWhy() throws Exception {
        scanSite(true);
        long id = findings("open").then().extract().jsonPath().getLong("findings.find { it.checkId == '" + PUBLIC_BUCKET + "' }.id");

        as(tenant).contentType("application/json").body(Map.of("reason", "a public website, on purpose",
                        "until", Instant.now().plusSeconds(3).toString()))
                .when().put("/api/findings/" + id + "/mute").then().statusCode(200)
                .body("status", equalTo("muted")).body("mute.reason", equalTo("a public website, on purpose"))
                .body("mute.by", equalTo((int) tenant));
        findings("open").then().body("findings.findAll { it.id == " + id + " }", hasSize(0)).body("countBySeverity.high", equalTo(0));
        findings("muted").then().body("findings.id", equalTo(List.of((int) id)));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                findings("open").then().body("findings.findAll { it.id == " + id + " }.status", equalTo(List.of("open"))));
        as(tenant).when().get("/api/findings/" + id + "/mutes").then().statusCode(200)
                .body("action", equalTo(List.of("muted", "expired"))).body("[0].reason", equalTo("a public website, on purpose"))
                .body("[0].actor", equalTo((int) tenant)).body("[1].actor", equalTo(null));
    }

    @Test
    void aMutedPortFindingOpensAgainWhenAnotherPortOpensBesideIt() throws Exception {
        String sshOnly = "ec2_securitygroup_allow_ingress_from_internet_to_port_22";
        driver.completedScan(tenant, ServiceType.EC2, List.of(Fixtures.instance("i-0e01", "us-east-1", null, true, 22)));
        long id = findings("open").then().extract().jsonPath().getLong("findings.find { it.checkId == '" + sshOnly + "' }.id");
        as(tenant).contentType("application/json").body(Map.of("reason", "bastion host", "until", Instant.now().plusSeconds(86_400).toString()))
                .when().put("/api/findings/" + id + "/mute").then().statusCode(200);

        driver.completedScan(tenant, ServiceType.EC2, List.of(Fixtures.instance("i-0e01", "us-east-1", null, true, 22)));
        findings("muted").then().body("findings.id", equalTo(List.of((int) id)));

        driver.completedScan(tenant, ServiceType.EC2, List.of(Fixtures.instance("i-0e01", "us-east-1", null, true, 22, 3389)));
        findings("open").then().body("findings.find { it.id == " + id + " }.status", equalTo("open"))
                .body("findings.find { it.id == " + id + " }.evidence.openIngress.fromPort", equalTo(List.of(22, 3389)));
        as(tenant).when().get("/api/findings/" + id + "/mutes").then().body("action", equalTo(List.of("muted", "evidence_changed")));
    }

    @Test
    void aScanOfSomeRegionsResolvesNothingInTheOthers() throws Exception {
        String imds = "ec2_instance_imdsv2_enabled";
        driver.completedScan(tenant, ServiceType.EC2, List.of(Fixtures.instance("i-0e11", "us-east-1", null, false),
                Fixtures.instance("i-0e12", "eu-west-1", null, false)));

        driver.completedScan(tenant, ServiceType.EC2, List.of(Fixtures.instance("i-0e11", "us-east-1", null, true)), List.of("us-east-1"));

        as(tenant).queryParam("status", "all").queryParam("checkId", imds).when().get("/api/findings").then().statusCode(200)
                .body("findings.collectEntries { [it.resourceId, it.status] }", equalTo(Map.of("i-0e11", "resolved", "i-0e12", "open")));
    }

    @Test
    void aMuteNeedsAReasonAndAnEndWithinAYearAndOnlyTheTenantsOwnOpenFindingsCanBeMuted() throws Exception {
        long madePublic = scanSite(true);
        long id = findings("open").then().extract().jsonPath().getLong("findings.find { it.checkId == '" + PUBLIC_BUCKET + "' }.id");
        String soon = Instant.now().plusSeconds(3_600).toString();

        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("until", soon), Map.of("reason", " ", "until", soon),
                Map.of("reason", "why not"), Map.of("reason", "why not", "until", Instant.now().minusSeconds(60).toString()),
                Map.of("reason", "why not", "until", Instant.now().plusSeconds(400L * 86_400).toString()))) {
            as(tenant).contentType("application/json").body(body).when().put("/api/findings/" + id + "/mute")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        long other = Fixtures.tenant(database);
        as(other).contentType("application/json").body(Map.of("reason", "not mine", "until", soon))
                .when().put("/api/findings/" + id + "/mute").then().statusCode(404).contentType("application/problem+json");
        as(other).when().get("/api/findings/" + id + "/mutes").then().statusCode(404);
        as(tenant).when().delete("/api/findings/" + id + "/mute").then().statusCode(409);

        scanSite(false);
        as(tenant).contentType("application/json").body(Map.of("reason", "too late", "until", soon))
                .when().put("/api/findings/" + id + "/mute").then().statusCode(409);
        assertThat(madePublic).isPositive();
    }

    @Test
    void aStatusSeverityOrCheckNotKnownAndAChangesQueryWithoutATimeAreRefused() {
        for (String[] query : new String[][] {{"status", "closed"}, {"severity", "urgent"}, {"checkId", "no_such_check"},
                {"service", "lambda"}}) {
            as(tenant).queryParam(query[0], query[1]).when().get("/api/findings").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        as(tenant).when().get("/api/findings/changes").then().statusCode(400).contentType("application/problem+json");
        as(tenant).queryParam("since", "yesterday").when().get("/api/findings/changes").then().statusCode(400);
        as(tenant).queryParam("since", "+10000-01-01T00:00:00Z").when().get("/api/findings/changes").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aPageSaysHowManyItsSearchSelectsInAllWhateverItFilters() throws Exception {
        scanSite(true);
        driver.completedScan(tenant, ServiceType.EC2, List.of(Fixtures.instance("i-0d71", "us-east-1", "203.0.113.9", false, 22),
                Fixtures.instance("i-0d72", "us-east-1", null, true, 22, 3389), Fixtures.instance("i-0d73", "us-east-1", null, true)));
        long muted = findings("open").then().extract().jsonPath()
                .getLong("findings.find { it.checkId == '" + PUBLIC_BUCKET + "' }.id");
        as(tenant).contentType("application/json").body(Map.of("reason", "a website", "until", Instant.now().plusSeconds(3600).toString()))
                .when().put("/api/findings/" + muted + "/mute").then().statusCode(200);

        List<Map<String, String>> searches = List.of(Map.of(), Map.of("severity", "high"), Map.of("severity", "low"),
                Map.of("status", "all"), Map.of("status", "muted"), Map.of("service", "ec2"), Map.of("resourceId", "i-0d72"),
                Map.of("checkId", "ec2_securitygroup_allow_ingress_from_internet_to_port_22"), Map.of("severity", "high", "service", "s3"));
        for (Map<String, String> search : searches) {
            List<Object> all = as(tenant).queryParams(search).queryParam("size", 500).when().get("/api/findings").then().statusCode(200)
                    .extract().jsonPath().getList("findings");
            as(tenant).queryParams(search).queryParam("size", 1).when().get("/api/findings").then().statusCode(200)
                    .body("findings", hasSize(Math.min(1, all.size()))).body("total", equalTo(all.size()));
        }
        JsonPath open = findings("open").then().extract().jsonPath();
        assertThat(open.getInt("total")).isGreaterThan(3)
                .isEqualTo(open.getMap("countBySeverity").values().stream().mapToInt(n -> (Integer) n).sum());
    }

    /** A scan of the one bucket "site", public or not, to its close. */
    private long scanSite(boolean publicBucket) {
        return driver.completedScan(tenant, ServiceType.S3,
                List.of(Fixtures.bucket("site", publicBucket, S3Bucket.Encryption.SSE_S3, true)));
    }

    private io.restassured.response.Response findings(String status) {
        return as(tenant).queryParam("status", status).when().get("/api/findings");
    }
}
