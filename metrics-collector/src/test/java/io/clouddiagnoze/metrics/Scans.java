package io.clouddiagnoze.metrics;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.Topics;
import io.clouddiagnoze.contracts.events.ResourcesStored;
import io.clouddiagnoze.contracts.events.ResourcesStored.StoredResource;
import io.clouddiagnoze.contracts.resources.DiscoveredResource;
import io.clouddiagnoze.contracts.resources.Ec2Instance;
import io.clouddiagnoze.contracts.resources.RdsInstance;
import io.clouddiagnoze.contracts.resources.S3Bucket;
import io.clouddiagnoze.contracts.resources.Vpc;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestEvents;
import io.clouddiagnoze.testsupport.TestTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What scan-orchestrator leaves for the collector: scan runs and resource rows in the database, and the batches it
 * stored on the broker.
 */
public final class Scans {
    private static final Map<ServiceType, String> RESOURCE_ROW = Map.of(
            ServiceType.EC2, "INSERT INTO ec2_instances (scan_run_id, client_id, scan_timestamp, instance_id, region) VALUES (?, ?, ?, ?, ?)",
            ServiceType.S3, "INSERT INTO s3_buckets (scan_run_id, client_id, scan_timestamp, bucket_name, region, is_public,"
                    + " is_encrypted, versioning_enabled) VALUES (?, ?, ?, ?, ?, FALSE, TRUE, TRUE)",
            ServiceType.VPC, "INSERT INTO vpc_instances (scan_run_id, client_id, scan_timestamp, vpc_id, region, is_default)"
                    + " VALUES (?, ?, ?, ?, ?, FALSE)",
            ServiceType.RDS, "INSERT INTO rds_instances (scan_run_id, client_id, scan_timestamp, db_identifier, region, engine,"
                    + " storage_gb, is_public, backup_retention_days, storage_encrypted, multi_az)"
                    + " VALUES (?, ?, ?, ?, ?, 'postgres', 100, FALSE, 7, TRUE, TRUE)");

    private Scans() {
    }

    /**
     * A scan run as scan-orchestrator keeps it. It is recorded closed, as a tenant has at most one run in progress
     * per service and the collector never reads the run's status.
     */
    public static long run(TestDatabase database, long tenant, ServiceType service, Instant at) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO scan_runs (user_id, service_type, scan_timestamp, status) VALUES (?, ?, ?, 'success')", Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, tenant);
            s.setString(2, service.id());
            s.setTimestamp(3, Timestamp.from(at));
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /**
     * The resource rows scan-orchestrator stores for {@code resources}, with their run's scan time: each with its row id,
     * in their order.
     */
    public static List<StoredResource> storeRows(TestDatabase database, long tenant, long run, ServiceType service,
                                                 List<? extends DiscoveredResource> resources) throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        try (Connection c = database.connect()) {
            Timestamp scanned;
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT scan_timestamp FROM scan_runs WHERE id = " + run)) {
                rows.next();
                scanned = rows.getTimestamp(1);
            }
            try (PreparedStatement s = c.prepareStatement(RESOURCE_ROW.get(service))) {
                for (DiscoveredResource resource : resources) {
                    s.setLong(1, run);
                    s.setLong(2, tenant);
                    s.setTimestamp(3, scanned);
                    s.setString(4, resource.naturalId());
                    s.setString(5, resource.region());
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("SELECT id, region, " + service.naturalIdColumn() + " FROM "
                    + service.resourceTable() + " WHERE scan_run_id = ?")) {
                s.setLong(1, run);
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        ids.put(rows.getString(2) + "/" + rows.getString(3), rows.getLong(1));
                    }
                }
            }
        }
        return resources.stream().map(r -> new StoredResource(ids.get(r.region() + "/" + r.naturalId()), r.region(), r.naturalId()))
                .toList();
    }

    /** Sends a stored batch as scan-orchestrator would, with a valid scan token, found at {@code discoveredAt}. */
    public static void send(TestEvents events, long tenant, long run, ServiceType service, int sequence,
                            List<StoredResource> resources, Instant discoveredAt) {
        send(events, tenant, run, service, sequence, resources, discoveredAt, TestTokens.scanEvents(tenant, run, service));
    }

    public static void send(TestEvents events, long tenant, long run, ServiceType service, int sequence,
                            List<StoredResource> resources, Instant discoveredAt, String token) {
        events.send(Topics.RESOURCES_STORED, String.valueOf(tenant), new ResourcesStored(run, tenant, service, sequence, resources,
                discoveredAt), token);
    }

    /** A time on the 5-minute grid shortly before now, so that a collected window is full. */
    static Instant recently() {
        Instant now = Instant.now().minus(10, ChronoUnit.MINUTES);
        return Instant.ofEpochSecond(now.getEpochSecond() / 300 * 300);
    }

    public static Ec2Instance instance(String id, String region) {
        return new Ec2Instance(id, "t3.micro", "running", region, null, "10.0.0.1", Map.of(), null, null, null, null, true,
                List.of(), List.of());
    }

    static S3Bucket bucket(String name, String region) {
        return new S3Bucket(name, region, false, S3Bucket.Encryption.SSE_S3, true, null, null, null, true, false, true, Map.of());
    }

    static Vpc vpc(String id, String region) {
        return new Vpc(id, "10.0.0.0/16", List.of(), false, 1, "available", region, Map.of(), true, 0, 0);
    }

    static RdsInstance database(String id, String region) {
        return new RdsInstance(id, "postgres", "16.3", 100, false, 7, true, true, "db.t3.medium", "available", false, region, true, Map.of());
    }
}
