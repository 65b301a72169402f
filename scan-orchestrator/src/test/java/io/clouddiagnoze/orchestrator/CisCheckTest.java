package io.clouddiagnoze.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.resources.OpenIngressRule;
import io.clouddiagnoze.contracts.resources.RdsInstance;
import io.clouddiagnoze.contracts.resources.S3Bucket;
import io.clouddiagnoze.contracts.resources.Vpc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checks of CIS AWS Foundations 2.1.1, 2.1.2, 2.1.4 (account level), 2.3.2, 5.2/5.3 (all ports) and 5.4: a resource failing one opens a
 * finding with the fields that made it fail; one passing it opens none, and neither does one whose field is unknown
 * (scanned before the field existed): unknown is not evaluated, never failed.
 */
@QuarkusTest
class CisCheckTest extends TenantScans {
    @Test
    void aBucketWhosePolicyAllowsPlainHttpFailsAndOneDenyingItOrNotKnownDoesNot() {
        driver.completedScan(tenant, ServiceType.S3, List.of(bucket("plain-http", true, false, true, true),
                bucket("tls-only", true, true, true, true), bucket("older-scanner", true, null, null, null)));

        assertThat(failing("s3_bucket_secure_transport_policy")).containsOnlyKeys("plain-http")
                .containsEntry("plain-http", Map.of("secureTransportRequired", false));
    }

    @Test
    void aVersionedBucketWithoutMfaDeleteFailsButAnUnversionedOneIsLeftToTheVersioningCheck() {
        driver.completedScan(tenant, ServiceType.S3, List.of(bucket("versioned-no-mfa", true, true, false, true),
                bucket("versioned-mfa", true, true, true, true), bucket("unversioned", false, true, false, true),
                bucket("older-scanner", true, true, null, true)));

        assertThat(failing("s3_bucket_no_mfa_delete")).containsOnlyKeys("versioned-no-mfa")
                .containsEntry("versioned-no-mfa", Map.of("versioningEnabled", true, "mfaDeleteEnabled", false));
    }

    /** The account's setting, recorded on each of its buckets: the finding names the buckets it leaves unguarded. */
    @Test
    void eachBucketOfAnAccountThatDoesNotBlockPublicAccessFails() {
        driver.completedScan(tenant, ServiceType.S3, List.of(bucket("open-account-a", true, true, true, false),
                bucket("open-account-b", false, true, true, false), bucket("unreadable", true, true, true, null)));

        assertThat(failing("s3_account_level_public_access_blocks")).containsOnlyKeys("open-account-a", "open-account-b")
                .containsEntry("open-account-a", Map.of("accountBlocksPublicAccess", false));
    }

    @Test
    void aDatabaseWithoutAutomaticMinorUpgradesFails() {
        driver.completedScan(tenant, ServiceType.RDS, List.of(database("manual-upgrades", false), database("auto-upgrades", true),
                database("older-scanner", null)));

        assertThat(failing("rds_instance_minor_version_upgrade_enabled")).containsOnlyKeys("manual-upgrades")
                .containsEntry("manual-upgrades", Map.of("autoMinorVersionUpgrade", false));
    }

    @Test
    void aRuleOpenToTheInternetOnEveryProtocolOrTheWholePortRangeFailsTheAllPortsCheck() {
        driver.completedScan(tenant, ServiceType.EC2, List.of(
                Fixtures.instance("i-0d01", new OpenIngressRule("sg-all", "-1", null, null, "0.0.0.0/0")),
                Fixtures.instance("i-0d02", new OpenIngressRule("sg-tcp-all", "tcp", 0, 65535, "::/0")),
                Fixtures.instance("i-0d03", new OpenIngressRule("sg-low", "tcp", 1, 1024, "0.0.0.0/0")),
                Fixtures.instance("i-0d04", new OpenIngressRule("sg-ping", "icmp", null, null, "0.0.0.0/0"))));

        Map<String, Map<String, Object>> failing = failing("ec2_securitygroup_allow_ingress_from_internet_to_all_ports");
        assertThat(failing).containsOnlyKeys("i-0d01", "i-0d02");
        assertThat(failing.get("i-0d02")).containsEntry("openIngress",
                List.of(Map.of("groupId", "sg-tcp-all", "protocol", "tcp", "fromPort", 0, "toPort", 65535, "cidr", "::/0")));
    }

    @Test
    void aDefaultSecurityGroupWithAnyRuleFailsItsVpc() {
        driver.completedScan(tenant, ServiceType.VPC, List.of(vpc("vpc-0e01", 1, 1), vpc("vpc-0e02", 0, 1), vpc("vpc-0e03", 0, 0),
                vpc("vpc-0e04", null, null)));

        Map<String, Map<String, Object>> failing = failing("ec2_securitygroup_default_restrict_traffic");
        assertThat(failing).containsOnlyKeys("vpc-0e01", "vpc-0e02");
        assertThat(failing.get("vpc-0e01")).isEqualTo(Map.of("defaultSecurityGroupIngressRules", 1,
                "defaultSecurityGroupEgressRules", 1));
    }

    /** The open findings of {@code checkId}: the evidence of each, by resource. */
    private Map<String, Map<String, Object>> failing(String checkId) {
        Map<String, Map<String, Object>> evidence = new HashMap<>();
        List<Map<String, Object>> found = findings().getList("findings.findAll { it.checkId == '" + checkId + "' }");
        found.forEach(finding -> evidence.put((String) finding.get("resourceId"), asMap(finding.get("evidence"))));
        return evidence;
    }

    private JsonPath findings() {
        return as(tenant).when().get("/api/findings").then().statusCode(200).extract().jsonPath();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object evidence) {
        return (Map<String, Object>) evidence;
    }

    private static S3Bucket bucket(String name, boolean versioned, Boolean secureTransport, Boolean mfaDelete,
                                   Boolean accountBlocksPublicAccess) {
        S3Bucket plain = Fixtures.bucket(name, false, S3Bucket.Encryption.SSE_S3, versioned);
        return new S3Bucket(plain.bucketName(), plain.region(), plain.publiclyAccessible(), plain.encryption(),
                plain.versioningEnabled(), plain.publicAccessBlock(), plain.creationDate(), plain.totalSizeGb(), secureTransport,
                mfaDelete, accountBlocksPublicAccess, plain.tags());
    }

    private static RdsInstance database(String id, Boolean autoMinorVersionUpgrade) {
        RdsInstance plain = Fixtures.database(id, false, 7, true, true);
        return new RdsInstance(plain.dbIdentifier(), plain.engine(), plain.engineVersion(), plain.storageGb(),
                plain.publiclyAccessible(), plain.backupRetentionDays(), plain.storageEncrypted(), plain.multiAz(),
                plain.instanceClass(), plain.status(), plain.deletionProtection(), plain.region(), autoMinorVersionUpgrade,
                plain.tags());
    }

    private static Vpc vpc(String id, Integer ingressRules, Integer egressRules) {
        Vpc plain = Fixtures.vpc(id, true);
        return new Vpc(plain.vpcId(), plain.cidrBlock(), plain.additionalCidrBlocks(), plain.defaultVpc(), plain.subnetCount(),
                plain.state(), plain.region(), plain.tags(), plain.flowLogsEnabled(), ingressRules, egressRules);
    }
}
