package io.clouddiagnoze.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.clouddiagnoze.contracts.ServiceType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CIS AWS Foundations v3.0.0 as a tenant's findings and scans answer it. */
@QuarkusTest
class ComplianceTest extends TenantScans {
    private static final String CIS = "/api/compliance/cis-aws-foundations";
    private static final String SSH = "ec2_securitygroup_allow_ingress_from_internet_to_port_22";
    private static final String RDP = "ec2_securitygroup_allow_ingress_from_internet_to_port_3389";

    @Test
    void eachControlPassesFailsOrIsMutedByTheResourcesOfTheLatestScanAndTheRestAreNotEvaluated() throws Exception {
        scanInstances(List.of(Fixtures.instance("i-0a1", "us-east-1", null, false, 22), Fixtures.instance("i-0a2", "us-east-1", null, true),
                Fixtures.instance("i-0a3", "us-east-1", null, true, 3389)));

        JsonPath report = as(tenant).when().get(CIS).then().statusCode(200).extract().jsonPath();
        assertThat(report.getString("version")).isEqualTo("3.0.0");
        assertThat(control(report, "5.2")).containsEntry("status", "fail").containsEntry("failed", 2).containsEntry("passed", 1)
                .containsEntry("muted", 0);
        assertThat(report.getList("controls.find { it.control == '5.2' }.failing.resourceId")).containsExactly("i-0a1", "i-0a3");
        assertThat(control(report, "5.6")).containsEntry("status", "fail").containsEntry("failed", 1).containsEntry("passed", 2);
        assertThat(control(report, "2.1.4")).containsEntry("status", "not_evaluated").containsEntry("reason", "no successful scan of s3 yet");
        assertThat(control(report, "1.4")).containsEntry("status", "not_evaluated").containsEntry("passed", null);
        assertThat(report.getInt("score")).isZero();

        mute(findingId(SSH));
        report = as(tenant).when().get(CIS).then().extract().jsonPath();
        assertThat(control(report, "5.2")).containsEntry("status", "fail").containsEntry("failed", 1).containsEntry("muted", 1);
        mute(findingId(RDP));
        report = as(tenant).when().get(CIS).then().extract().jsonPath();
        assertThat(control(report, "5.2")).containsEntry("status", "muted").containsEntry("failed", 0).containsEntry("muted", 2);
        as(tenant).when().get("/api/findings/summary").then().body("find { it.checkId == '" + SSH + "' }.muted", equalTo(1))
                .body("find { it.checkId == '" + SSH + "' }.compliance.control", equalTo(List.of("5.2", "5.3")));

        scanInstances(List.of(Fixtures.instance("i-0a1", "us-east-1", null, true), Fixtures.instance("i-0a2", "us-east-1", null, true)));
        report = as(tenant).when().get(CIS).then().extract().jsonPath();
        assertThat(control(report, "5.2")).containsEntry("status", "pass").containsEntry("passed", 2).containsEntry("failed", 0);
        assertThat(report.getInt("score")).isEqualTo(100);
        assertThat(report.getMap("counts")).containsEntry("pass", 3).containsEntry("fail", 0);
    }

    @Test
    void theCsvHasALinePerControlAndFindingsFilterByControl() throws Exception {
        scanInstances(List.of(Fixtures.instance("i-0b1", "eu-west-1", null, false, 22)));

        String csv = as(tenant).queryParam("format", "csv").when().get(CIS).then().statusCode(200)
                .contentType("text/csv").header("Content-Disposition", "attachment; filename=\"cis-aws-foundations-3.0.0.csv\"")
                .extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("control,title,status,passed,failed,muted,failing_resources,reason");
        assertThat(lines).hasSize(63).anySatisfy(line -> assertThat(line).startsWith("5.2,").contains(",fail,0,1,0,")
                .contains("eu-west-1/i-0b1 (" + SSH + ")"));

        as(tenant).queryParam("compliance", "cis-aws-foundations:5.6").when().get("/api/findings").then().statusCode(200)
                .body("findings.checkId", equalTo(List.of("ec2_instance_imdsv2_enabled")))
                .body("findings[0].compliance[0].control", equalTo("5.6"));
        for (String refused : List.of("cis-aws-foundations:9.9", "nist-800-53")) {
            as(tenant).queryParam("compliance", refused).when().get("/api/findings").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        as(tenant).queryParam("format", "xml").when().get(CIS).then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aTenantWithoutScansHasNothingEvaluatedAndAnotherTenantsFailuresAreNotItsOwn() throws Exception {
        scanInstances(List.of(Fixtures.instance("i-0c1", "us-east-1", "54.0.0.9", false, 22)));

        long other = Fixtures.tenant(database);
        as(other).when().get(CIS).then().statusCode(200).body("score", nullValue()).body("counts.not_evaluated", equalTo(62));

        driver.completedScan(other, ServiceType.EC2, List.of(Fixtures.instance("i-0c2", "us-east-1", null, true),
                Fixtures.instance("i-0c3", "us-east-1", null, true)));
        JsonPath report = as(other).when().get(CIS).then().statusCode(200).extract().jsonPath();
        assertThat(control(report, "5.2")).containsEntry("status", "pass").containsEntry("passed", 2).containsEntry("failed", 0);
        assertThat(report.getList("controls.find { it.control == '5.2' }.failing")).isEmpty();
        assertThat(control(as(tenant).when().get(CIS).then().extract().jsonPath(), "5.2")).containsEntry("failed", 1);
    }

    @Test
    void aControlIsNotEvaluatedOverAScanThatDidNotRecordItsChecks() throws Exception {
        long run = driver.completedScan(tenant, ServiceType.EC2, List.of(Fixtures.instance("i-0d1", "us-east-1", null, true)));
        // As a run closed before findings were kept, or before this build's checks existed.
        try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
            sql.executeUpdate("UPDATE scan_runs SET findings_checks = JSON_ARRAY('ec2_instance_imdsv2_enabled') WHERE id = " + run);
        }

        JsonPath report = as(tenant).when().get(CIS).then().statusCode(200).extract().jsonPath();
        assertThat(control(report, "5.6")).containsEntry("status", "pass");
        assertThat(control(report, "5.2")).containsEntry("status", "not_evaluated");
        assertThat((String) control(report, "5.2").get("reason")).startsWith("the latest successful scan did not record")
                .contains("ec2_securitygroup_allow_ingress_from_internet_to_port_22").endsWith("scan again");
    }

    private void scanInstances(List<io.clouddiagnoze.contracts.resources.Ec2Instance> instances) {
        driver.completedScan(tenant, ServiceType.EC2, instances);
    }

    private long findingId(String checkId) {
        return as(tenant).queryParam("checkId", checkId).when().get("/api/findings").then().extract().jsonPath().getLong("findings[0].id");
    }

    private void mute(long id) {
        as(tenant).contentType("application/json").body(Map.of("reason", "reviewed", "until", Instant.now().plusSeconds(86_400).toString()))
                .when().put("/api/findings/" + id + "/mute").then().statusCode(200);
    }

    private static Map<String, Object> control(JsonPath report, String control) {
        return report.getMap("controls.find { it.control == '" + control + "' }");
    }
}
