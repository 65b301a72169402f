package io.clouddiagnoze.orchestrator;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.Topics;
import io.clouddiagnoze.contracts.events.RegionOutcome;
import io.clouddiagnoze.contracts.events.ResourcesDiscovered;
import io.clouddiagnoze.contracts.events.ScanResult;
import io.clouddiagnoze.contracts.resources.DiscoveredResource;
import io.clouddiagnoze.contracts.resources.Ec2Instance;
import io.clouddiagnoze.contracts.resources.OpenIngressRule;
import io.clouddiagnoze.contracts.resources.RdsInstance;
import io.clouddiagnoze.contracts.resources.S3Bucket;
import io.clouddiagnoze.contracts.resources.Vpc;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestEvents;
import io.clouddiagnoze.testsupport.TestTokens;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Tenants in the database and scanner events on the broker, for the orchestrator's tests and benchmark. */
public final class Fixtures {
    /** The most resources a scanner puts in one batch. */
    public static final int MAX_BATCH = 500;

    private Fixtures() {
    }

    /** {@code resources} in the batches a scanner would send: {@link #MAX_BATCH} at most each, in order. */
    public static <R> List<List<R>> inBatches(List<R> resources) {
        List<List<R>> batches = new ArrayList<>();
        for (int from = 0; from < resources.size(); from += MAX_BATCH) {
            batches.add(resources.subList(from, Math.min(resources.size(), from + MAX_BATCH)));
        }
        return batches;
    }

    /** Creates a tenant the way auth-service does, with a role handed over. */
    public static long tenant(TestDatabase database) throws SQLException {
        return tenant(database, "arn:aws:iam::111122223333:role/CloudDiagnozeScanner");
    }

    static long tenant(TestDatabase database, String roleArn) throws SQLException {
        return database.tenant(roleArn, "cd-" + UUID.randomUUID());
    }

    public static Ec2Instance instance(String id, String region, String publicIp, boolean imdsV2, int... openPorts) {
        List<OpenIngressRule> open = java.util.Arrays.stream(openPorts)
                .mapToObj(p -> new OpenIngressRule("sg-open" + p, "tcp", p, p, "0.0.0.0/0")).toList();
        return new Ec2Instance(id, "t3.micro", "running", region, publicIp, "10.0.0.1", Map.of("env", "prod", "team", "web"),
                "vpc-0a1", "subnet-0a1", Instant.parse("2026-11-01T08:00:00Z"), "ami-0123", imdsV2,
                List.of("sg-base"), open);
    }

    /** A plain instance in us-east-1 behind the one open rule {@code rule}. */
    static Ec2Instance instance(String id, OpenIngressRule rule) {
        Ec2Instance plain = instance(id, "us-east-1", null, true);
        return new Ec2Instance(plain.instanceId(), plain.instanceType(), plain.state(), plain.region(), plain.publicIp(),
                plain.privateIp(), plain.tags(), plain.vpcId(), plain.subnetId(), plain.launchTime(), plain.imageId(),
                plain.imdsV2Required(), plain.securityGroupIds(), List.of(rule));
    }

    static S3Bucket bucket(String name, boolean publicBucket, S3Bucket.Encryption encryption, boolean versioned) {
        return new S3Bucket(name, "us-east-1", publicBucket, encryption, versioned,
                publicBucket ? null : new S3Bucket.PublicAccessBlock(true, true, true, true),
                Instant.parse("2025-03-01T00:00:00Z"), new BigDecimal("1.250000"), true, true, true, Map.of("team", "storage"));
    }

    static Vpc vpc(String id, boolean flowLogs) {
        return new Vpc(id, "10.0.0.0/16", List.of(), false, 2, "available", "us-east-1", Map.of("Name", id), flowLogs, 0, 0);
    }

    static RdsInstance database(String id, boolean publicDb, int backupDays, boolean encrypted, boolean multiAz) {
        return new RdsInstance(id, "postgres", "16.3", 100, publicDb, backupDays, encrypted, multiAz, "db.t3.medium",
                "available", false, "us-east-1", true, Map.of("Environment", "prod"));
    }

    /** Sends a batch as the scanner of {@code service} would, with a valid scan token. */
    public static void batch(TestEvents events, long tenant, long scanRun, ServiceType service, int sequence,
                      List<? extends DiscoveredResource> resources) {
        events.send(Topics.RESOURCES_DISCOVERED, String.valueOf(tenant), new ResourcesDiscovered(scanRun, tenant, service,
                "us-east-1", sequence, List.copyOf(resources), Instant.now()), TestTokens.scanEvents(tenant, scanRun, service));
    }

    /** The regions the tests' resources are in: a scan covers them all unless told otherwise. */
    public static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-south-1");

    /** Sends the scanner's result: success with {@code count} resources, every one of {@link #REGIONS} scanned. */
    public static void result(TestEvents events, long tenant, long scanRun, ServiceType service, long count) {
        result(events, tenant, scanRun, service, count, REGIONS);
    }

    /** Sends the scanner's result: success with {@code count} resources (counted under the first region), {@code regions} scanned. */
    static void result(TestEvents events, long tenant, long scanRun, ServiceType service, long count, List<String> regions) {
        List<RegionOutcome> outcomes = regions.stream().map(region -> new RegionOutcome(region, RegionOutcome.Outcome.OK,
                region.equals(regions.get(0)) ? count : 0, null)).toList();
        events.send(Topics.SCAN_RESULTS, String.valueOf(tenant), new ScanResult(scanRun, tenant, service,
                ScanResult.Status.SUCCESS, count, 1, outcomes, null, Instant.now()), TestTokens.scanEvents(tenant, scanRun, service));
    }
}
