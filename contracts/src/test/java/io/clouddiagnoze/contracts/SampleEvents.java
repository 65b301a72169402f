package io.clouddiagnoze.contracts;

import io.clouddiagnoze.contracts.events.DeadLetter;
import io.clouddiagnoze.contracts.events.FieldChange;
import io.clouddiagnoze.contracts.events.Finding;
import io.clouddiagnoze.contracts.events.FindingChanged;
import io.clouddiagnoze.contracts.events.RegionOutcome;
import io.clouddiagnoze.contracts.events.ResourceChanged;
import io.clouddiagnoze.contracts.events.ResourcesDiscovered;
import io.clouddiagnoze.contracts.events.ResourcesStored;
import io.clouddiagnoze.contracts.events.ScanRequested;
import io.clouddiagnoze.contracts.events.ScanResult;
import io.clouddiagnoze.contracts.resources.Ec2Instance;
import io.clouddiagnoze.contracts.resources.OpenIngressRule;
import io.clouddiagnoze.contracts.resources.RdsInstance;
import io.clouddiagnoze.contracts.resources.S3Bucket;
import io.clouddiagnoze.contracts.resources.Vpc;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One realistic instance of every event, with every optional field filled. */
final class SampleEvents {
    static final Instant NOW = Instant.parse("2026-11-25T10:15:30.123456Z");

    private SampleEvents() {
    }

    static Map<EventType, Record> all() {
        return Map.of(
                EventType.SCAN_REQUESTED, scanRequested(),
                EventType.RESOURCES_DISCOVERED, resourcesDiscovered(),
                EventType.RESOURCES_STORED, resourcesStored(),
                EventType.SCAN_RESULT, scanResult(),
                EventType.RESOURCE_CHANGED, resourceChanged(),
                EventType.FINDING_CHANGED, findingChanged(),
                EventType.DEAD_LETTER, deadLetter());
    }

    static ScanRequested scanRequested() {
        return new ScanRequested(42, 7, ServiceType.EC2, "arn:aws:iam::111122223333:role/CloudDiagnozeScanner",
                "cd-3f9c2a61-8d1e-4b7a-9c55-0e2f6a1b7d44", List.of("us-east-1", "eu-west-1"), NOW);
    }

    static ResourcesDiscovered resourcesDiscovered() {
        var instance = new Ec2Instance("i-0abc123def4567890", "t3.micro", "running", "us-east-1", "54.12.34.56",
                "10.0.1.15", Map.of("Name", "web-1", "env", "prod"), "vpc-0a1b2c3d", "subnet-0a1b2c3d",
                NOW.minusSeconds(86_400), "ami-0123456789abcdef0", false, List.of("sg-0ssh"),
                List.of(new OpenIngressRule("sg-0ssh", "tcp", 22, 22, "0.0.0.0/0")));
        var bucket = new S3Bucket("acme-public-assets", "us-east-1", true, S3Bucket.Encryption.NONE, false,
                new S3Bucket.PublicAccessBlock(false, false, false, false), NOW.minusSeconds(3_600),
                new BigDecimal("12.500000"), false, false, false, Map.of("team", "web"));
        var vpc = new Vpc("vpc-0a1b2c3d", "10.0.0.0/16", List.of("10.1.0.0/16"), false, 3, "available",
                "us-east-1", Map.of("Name", "main"), true, 1, 1);
        var database = new RdsInstance("orders-db", "postgres", "16.3", 100, true, 1, false, false,
                "db.t3.medium", "available", false, "us-east-1", true, Map.of("env", "prod", "owner", "orders"));
        return new ResourcesDiscovered(42, 7, ServiceType.EC2, "us-east-1", 0,
                List.of(instance, bucket, vpc, database), NOW);
    }

    static FindingChanged findingChanged() {
        var finding = new Finding(31, "ec2_securitygroup_allow_ingress_from_internet_to_port_22", "Security group allows SSH",
                "high", ServiceType.EC2, "i-0abc123def4567890", "us-east-1", "muted", NOW.minusSeconds(86_400), 41L, NOW, 42L,
                null, null, "Remove the inbound rule.", List.of(new Finding.Control("cis-aws-foundations", "5.2")),
                Map.of("openIngress", List.of(Map.of("groupId", "sg-0ssh", "protocol", "tcp", "fromPort", 22, "toPort", 22))),
                new Finding.Mute("bastion host, reviewed", NOW.plusSeconds(86_400 * 30), 7L, NOW));
        return new FindingChanged(1207, 7, FindingChanged.Change.MUTED, NOW, finding, Map.of("Name", "web-1", "env", "prod"));
    }

    static ResourcesStored resourcesStored() {
        return new ResourcesStored(42, 7, ServiceType.RDS, 3, List.of(new ResourcesStored.StoredResource(9001, "us-east-1", "orders-db"),
                new ResourcesStored.StoredResource(9002, "eu-west-1", "orders-db")), NOW);
    }

    static ScanResult scanResult() {
        return new ScanResult(42, 7, ServiceType.EC2, ScanResult.Status.ERROR, 1234, 3,
                List.of(new RegionOutcome("us-east-1", RegionOutcome.Outcome.OK, 1234, null),
                        new RegionOutcome("ap-south-2", RegionOutcome.Outcome.ERROR, 0, "AccessDenied")),
                "1 of 2 regions failed", NOW);
    }

    static ResourceChanged resourceChanged() {
        return new ResourceChanged(42, 41L, 7, ServiceType.S3, "us-east-1", "acme-public-assets",
                ResourceChanged.Change.CHANGED,
                List.of(new FieldChange("versioningEnabled", false, true),
                        new FieldChange("totalSizeGb", 12.5, null)),
                NOW, Map.of("team", "web"));
    }

    static DeadLetter deadLetter() {
        return new DeadLetter(Topics.RESOURCES_DISCOVERED, 2, 981, "7", EventType.RESOURCES_DISCOVERED.ceType(),
                "tenant token does not match scan run 42", "{\"scanRunId\":42}", "scan-orchestrator", NOW);
    }
}
