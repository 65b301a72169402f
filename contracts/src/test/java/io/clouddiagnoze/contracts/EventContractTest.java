package io.clouddiagnoze.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clouddiagnoze.contracts.events.FindingChanged;
import io.clouddiagnoze.contracts.events.ResourceChanged;
import io.clouddiagnoze.contracts.events.ResourcesDiscovered;
import io.clouddiagnoze.contracts.events.ScanRequested;
import io.clouddiagnoze.contracts.resources.Ec2Instance;
import io.clouddiagnoze.contracts.resources.RdsInstance;
import io.clouddiagnoze.contracts.resources.S3Bucket;
import io.clouddiagnoze.contracts.resources.Vpc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class EventContractTest {
    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventSerialisesToJsonThatItsSchemaAccepts(EventType type) {
        Record event = SampleEvents.all().get(type);

        String encoded = new String(EventCodec.encode(event), StandardCharsets.UTF_8);

        assertThat(EventType.of(event)).isEqualTo(type);
        assertThat(EventSchemas.violations(type, encoded)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventReadsBackEqualToWhatWasWritten(EventType type) throws IOException {
        Record event = SampleEvents.all().get(type);

        Record decoded = EventCodec.decode(EventCodec.encode(event), type.recordType());

        assertThat(decoded).usingRecursiveComparison().isEqualTo(event);
    }

    @Test
    void instantsAreWrittenAsIsoTextAndResourcesCarryTheirType() throws IOException {
        ObjectNode batch = encodeToTree(SampleEvents.resourcesDiscovered());

        assertThat(batch.get("discoveredAt").asText()).isEqualTo("2026-11-25T10:15:30.123456Z");
        assertThat(batch.get("service").asText()).isEqualTo("ec2");
        assertThat(batch.get("resources")).extracting(r -> r.get("type").asText())
                .containsExactly("ec2_instance", "s3_bucket", "vpc", "rds_instance");
        assertThat(batch.get("resources").get(1).get("encryption").asText()).isEqualTo("none");
    }

    /** Fields the security checks added later are optional: a batch from an older scanner is valid and reads them as null. */
    @Test
    void aBatchWithoutTheFieldsOfLaterChecksIsValidAndReadsThemAsUnknown() throws IOException {
        ObjectNode batch = encodeToTree(SampleEvents.resourcesDiscovered());
        ((ObjectNode) batch.get("resources").get(1)).remove(
                List.of("secureTransportRequired", "mfaDeleteEnabled", "accountBlocksPublicAccess", "tags"));
        ((ObjectNode) batch.get("resources").get(2)).remove(
                List.of("defaultSecurityGroupIngressRules", "defaultSecurityGroupEgressRules"));
        ((ObjectNode) batch.get("resources").get(3)).remove(List.of("autoMinorVersionUpgrade", "tags"));

        assertThat(EventSchemas.violations(EventType.RESOURCES_DISCOVERED, batch.toString())).isEmpty();
        ResourcesDiscovered decoded = EventCodec.decode(batch.toString().getBytes(StandardCharsets.UTF_8), ResourcesDiscovered.class);
        S3Bucket bucket = (S3Bucket) decoded.resources().get(1);
        Vpc vpc = (Vpc) decoded.resources().get(2);
        assertThat(bucket.secureTransportRequired()).isNull();
        assertThat(bucket.mfaDeleteEnabled()).isNull();
        assertThat(bucket.accountBlocksPublicAccess()).isNull();
        assertThat(vpc.defaultSecurityGroupIngressRules()).isNull();
        assertThat(vpc.defaultSecurityGroupEgressRules()).isNull();
        assertThat(((RdsInstance) decoded.resources().get(3)).autoMinorVersionUpgrade()).isNull();
        assertThat(bucket.tags()).isEmpty();
        assertThat(((RdsInstance) decoded.resources().get(3)).tags()).isEmpty();
    }

    /** Events of an orchestrator from before the resource's tags were carried are valid and read as no tags. */
    @Test
    void changeEventsWithoutTheResourcesTagsAreValidAndReadAsNone() throws IOException {
        ObjectNode finding = encodeToTree(SampleEvents.findingChanged());
        ObjectNode resource = encodeToTree(SampleEvents.resourceChanged());
        assertThat(finding.get("resourceTags").get("env").asText()).isEqualTo("prod");
        assertThat(resource.get("tags").get("team").asText()).isEqualTo("web");
        finding.remove("resourceTags");
        resource.remove("tags");

        assertThat(EventSchemas.violations(EventType.FINDING_CHANGED, finding.toString())).isEmpty();
        assertThat(EventSchemas.violations(EventType.RESOURCE_CHANGED, resource.toString())).isEmpty();
        assertThat(EventCodec.decode(finding.toString().getBytes(StandardCharsets.UTF_8), FindingChanged.class).resourceTags()).isEmpty();
        assertThat(EventCodec.decode(resource.toString().getBytes(StandardCharsets.UTF_8), ResourceChanged.class).tags()).isEmpty();
    }

    @Test
    void aMissingRequiredFieldIsAViolation() throws IOException {
        ObjectNode request = encodeToTree(SampleEvents.scanRequested());
        request.remove("externalId");

        assertThat(EventSchemas.violations(EventType.SCAN_REQUESTED, request.toString()))
                .singleElement().asString().contains("externalId");
    }

    @Test
    void anUnknownServiceAndAMalformedRoleArnAreViolations() throws IOException {
        ObjectNode request = encodeToTree(SampleEvents.scanRequested());
        request.put("service", "lambda");
        request.put("roleArn", "arn:aws:iam::12:role/x");

        assertThat(EventSchemas.violations(EventType.SCAN_REQUESTED, request.toString()))
                .hasSize(2)
                .anySatisfy(v -> assertThat(v).contains("service"))
                .anySatisfy(v -> assertThat(v).contains("roleArn"));
    }

    @Test
    void anUnexpectedPropertyIsAViolationAndTheCodecRefusesIt() throws IOException {
        ObjectNode request = encodeToTree(SampleEvents.scanRequested());
        request.put("adminOverride", true);

        assertThat(EventSchemas.violations(EventType.SCAN_REQUESTED, request.toString()))
                .singleElement().asString().contains("adminOverride");
        assertThatThrownBy(() -> EventCodec.decode(request.toString().getBytes(StandardCharsets.UTF_8),
                ScanRequested.class)).isInstanceOf(IOException.class);
    }

    @Test
    void aResourceOfTheWrongShapeInABatchIsAViolation() throws IOException {
        ObjectNode batch = encodeToTree(SampleEvents.resourcesDiscovered());
        ObjectNode instance = (ObjectNode) batch.get("resources").get(0);
        instance.put("instanceId", "not-an-instance-id");
        instance.put("imdsV2Required", "yes");

        assertThat(EventSchemas.violations(EventType.RESOURCES_DISCOVERED, batch.toString())).isNotEmpty();
    }

    @Test
    void aBatchOfMoreThan500ResourcesIsAViolation() throws IOException {
        ObjectNode batch = encodeToTree(SampleEvents.resourcesDiscovered());
        ArrayNode resources = (ArrayNode) batch.get("resources");
        var instance = resources.get(0);
        resources.removeAll();
        for (int i = 0; i < 501; i++) {
            resources.add(instance.deepCopy());
        }

        assertThat(EventSchemas.violations(EventType.RESOURCES_DISCOVERED, batch.toString()))
                .anySatisfy(v -> assertThat(v).contains("500"));
    }

    @Test
    void textThatIsNotJsonIsAViolation() {
        assertThat(EventSchemas.violations(EventType.SCAN_RESULT, "{not json")).isNotEmpty();
    }

    @Test
    void anEventOfTheWrongShapeIsRefusedByTheCodec() {
        byte[] wrong = "{\"scanRunId\":\"forty-two\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> EventCodec.decode(wrong, ResourcesDiscovered.class))
                .isInstanceOf(IOException.class);
    }

    @Test
    void ceTypesCarryTheirVersionAndResolveBack() {
        for (EventType type : EventType.values()) {
            assertThat(type.ceType()).startsWith("io.clouddiagnoze.").endsWith(".v1");
            assertThat(EventType.fromCeType(type.ceType())).contains(type);
        }
        assertThat(EventType.fromCeType("io.clouddiagnoze.scan.requested.v9")).isEmpty();
    }

    @Test
    void topicsAndServicesUseTheLowerCaseServiceId() {
        assertThat(Topics.scanRequests(ServiceType.RDS)).isEqualTo("scan-requests.rds");
        assertThat(ServiceType.fromId("S3")).contains(ServiceType.S3);
        assertThat(ServiceType.fromId("lambda")).isEmpty();
    }

    @Test
    void securityGroupRulesKnowWhichPortsTheyOpen() {
        Ec2Instance instance = (Ec2Instance) SampleEvents.resourcesDiscovered().resources().get(0);
        var ssh = instance.openIngress().get(0);
        var allPorts = new io.clouddiagnoze.contracts.resources.OpenIngressRule("sg-1", "-1", null, null, "::/0");

        assertThat(ssh.opens(22)).isTrue();
        assertThat(ssh.opens(3389)).isFalse();
        assertThat(allPorts.opens(3389)).isTrue();
    }

    private ObjectNode encodeToTree(Record event) throws IOException {
        return (ObjectNode) json.readTree(EventCodec.encode(event));
    }
}
