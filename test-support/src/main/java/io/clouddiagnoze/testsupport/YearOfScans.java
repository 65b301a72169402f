package io.clouddiagnoze.testsupport;

import io.clouddiagnoze.contracts.ServiceType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A year of daily, successful scans of the four services for existing tenants, 50 resources each by default, written
 * by the database itself (INSERT … SELECT over MariaDB's sequence tables), one tenant and table at a time: the
 * seed's yearly volume for the benchmarks that query it. The scans are dated the days before {@link #LAST_DAY}.
 */
public final class YearOfScans {
    /** The morning of the last filled day's scans; anything scanned for real later is newer. */
    public static final String LAST_DAY = "2026-11-30";
    private static final String FIRST_DAY = "TIMESTAMP '" + LAST_DAY + " 02:00:00' - INTERVAL %d DAY";

    /** The filled resources of each service: their natural id and other columns, as SQL over the run r and the number n. */
    private static final Map<ServiceType, Rows> ROWS = Map.of(
            ServiceType.EC2, new Rows(instanceId("n.seq"), "instance_type, state, region, public_ip, private_ip, tags, vpc_id,"
                    + " subnet_id, launch_time, image_id, imdsv2_required, security_group_ids, open_ingress",
                    "'t3.micro', IF(n.seq % 5 = 0, 'stopped', 'running'), ELT(1 + n.seq % 3, 'us-east-1', 'eu-west-1', 'ap-south-1'),"
                    + " IF(n.seq % 4 = 0, CONCAT('203.0.113.', n.seq), NULL), CONCAT('10.0.0.', n.seq),"
                    + " JSON_OBJECT('env', IF(n.seq % 2 = 0, 'prod', 'dev'), 'team', 'web'), 'vpc-0a1', 'subnet-0a1',"
                    + " r.scan_timestamp - INTERVAL 30 DAY, 'ami-0123', n.seq % 3 <> 0, '[\"sg-base\"]', '[]'"),
            ServiceType.S3, new Rows("CONCAT('bucket-', n.seq)", "region, is_public, is_encrypted, encryption_type,"
                    + " versioning_enabled, total_size_gb, block_public_acls, ignore_public_acls, block_public_policy,"
                    + " restrict_public_buckets, creation_date",
                    "'us-east-1', n.seq % 10 = 0, n.seq % 7 <> 0, IF(n.seq % 7 = 0, 'none', 'sse-s3'), n.seq % 2 = 0, n.seq * 1.5,"
                    + " n.seq % 10 <> 0, n.seq % 10 <> 0, n.seq % 10 <> 0, n.seq % 10 <> 0, TIMESTAMP '2025-01-01 00:00:00'"),
            ServiceType.VPC, new Rows("CONCAT('vpc-', LPAD(HEX(n.seq), 17, '0'))", "cidr_block, additional_cidr_blocks,"
                    + " is_default, subnet_count, state, region, tags, flow_logs_enabled",
                    "CONCAT('10.', n.seq, '.0.0/16'), '[]', n.seq = 1, 3, 'available',"
                    + " ELT(1 + n.seq % 3, 'us-east-1', 'eu-west-1', 'ap-south-1'), JSON_OBJECT('Name', CONCAT('vpc-', n.seq)),"
                    + " n.seq % 2 = 0"),
            ServiceType.RDS, new Rows("CONCAT('db-', n.seq)", "engine, engine_version, storage_gb, is_public,"
                    + " backup_retention_days, storage_encrypted, multi_az, instance_class, status, deletion_protection, region",
                    "'postgres', '16.3', 100, n.seq % 8 = 0, IF(n.seq % 3 = 0, 1, 7), n.seq % 5 <> 0, n.seq % 2 = 0,"
                    + " 'db.t3.medium', 'available', FALSE, ELT(1 + n.seq % 3, 'us-east-1', 'eu-west-1', 'ap-south-1')"));

    private YearOfScans() {
    }

    /** {@code days} daily scans of each service with {@code resources} resources each, for every one of {@code tenants}. */
    public static void fill(Connection connection, List<Long> tenants, int days, int resources) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            String seq = " JOIN seq_1_to_" + resources + " n";
            String scanned = String.format(FIRST_DAY, days - 1) + " + INTERVAL d.seq DAY";
            String finished = scanned + " + INTERVAL 5 MINUTE";
            String services = String.join(" UNION ALL ", Arrays.stream(ServiceType.values())
                    .map(service -> "SELECT '" + service.id() + "' AS service").toList());
            for (long tenant : tenants) {
                sql.executeUpdate("INSERT INTO scan_runs (user_id, service_type, scan_timestamp, status, total_resources,"
                        + " finished_at, request_published_at, scanner_status, expected_resources, last_event_at, changes_published_at)"
                        + " SELECT " + tenant + ", s.service, " + scanned + ", 'success', " + resources + ", " + finished + ", "
                        + finished + ", 'success', " + resources + ", " + finished + ", " + finished
                        + " FROM seq_0_to_" + (days - 1) + " d JOIN (" + services + ") s");
                for (ServiceType service : ServiceType.values()) {
                    Rows rows = ROWS.get(service);
                    sql.executeUpdate("INSERT INTO " + service.resourceTable() + " (scan_run_id, client_id, scan_timestamp, "
                            + service.naturalIdColumn() + ", " + rows.columns() + ") SELECT r.id, r.user_id, r.scan_timestamp, "
                            + rows.naturalId() + ", " + rows.values() + " FROM scan_runs r" + seq + " WHERE r.user_id = " + tenant
                            + " AND r.scan_timestamp <= TIMESTAMP '" + LAST_DAY + " 02:00:00' AND r.service_type = '" + service.id() + "'");
                }
            }
        }
    }

    /**
     * CPU and network every 5 minutes over the 24 hours before each of the last {@code days} filled EC2 scans
     * of {@code tenants}, as metrics-collector stores them: a 7-day series of any filled instance is then complete.
     */
    public static void fillEc2Metrics(Connection connection, List<Long> tenants, int days) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            for (long tenant : tenants) {
                sql.executeUpdate("INSERT INTO " + ServiceType.EC2.performanceTable() + " (" + ServiceType.EC2.performanceResourceColumn()
                        + ", client_id, `timestamp`, cpu_utilization, network_in,"
                        + " network_out)"
                        + " SELECT e.id, e.client_id, e.scan_timestamp - INTERVAL p.seq * 5 MINUTE, 10 + (e.id + p.seq) % 80,"
                        + " 1000 * (p.seq % 17), 800 * (p.seq % 13)"
                        + " FROM " + ServiceType.EC2.resourceTable() + " e JOIN seq_1_to_288 p"
                        + " WHERE e.client_id = " + tenant + " AND e.state = 'running' AND e.scan_timestamp BETWEEN TIMESTAMP '"
                        + LAST_DAY + " 02:00:00' - INTERVAL " + (days - 1) + " DAY AND TIMESTAMP '" + LAST_DAY + " 02:00:00'");
            }
        }
    }

    /**
     * The hourly CPU rollups of the EC2 instances of {@code tenants}, as metrics-collector keeps them: of the points
     * {@link #fillEc2Metrics} stored over the last {@code storedDays} filled days (not those of the tenants' real scans,
     * whose hours metrics-collector wrote) (each timestamp once, at the average of
     * the sightings that stored it), and of the {@code prunedDays} days before those, whose points the raw window has
     * deleted since (the hours of the last scan's running instances, twelve alike values each).
     */
    public static void fillEc2Hours(Connection connection, List<Long> tenants, int storedDays, int prunedDays) throws SQLException {
        String lastScan = "TIMESTAMP '" + LAST_DAY + " 02:00:00'";
        String columns = "INSERT INTO performance_hourly (client_id, service_type, natural_id, region, metric, `hour`, sample_count,"
                + " value_sum, value_min, value_max) ";
        try (Statement sql = connection.createStatement()) {
            for (long tenant : tenants) {
                sql.executeUpdate(columns + "SELECT client_id, 'ec2', natural_id, region, 'cpu_utilization', `hour`, COUNT(*),"
                        + " SUM(v), MIN(v), MAX(v) FROM (SELECT r.client_id, r.instance_id AS natural_id, r.region,"
                        + " DATE_FORMAT(p.`timestamp`, '%Y-%m-%d %H:00:00') AS `hour`, AVG(p.cpu_utilization) AS v"
                        + " FROM " + ServiceType.EC2.performanceTable() + " p JOIN " + ServiceType.EC2.resourceTable()
                        + " r ON r.id = p." + ServiceType.EC2.performanceResourceColumn() + " WHERE p.client_id = " + tenant
                        + " AND p.`timestamp` < " + lastScan + " GROUP BY r.client_id, r.instance_id, r.region, p.`timestamp`) points"
                        + " GROUP BY client_id, natural_id, region, `hour`");
                // An hour a row, its twelve values alike: the instances first, each joined to the hours (STRAIGHT_JOIN).
                sql.executeUpdate(columns + "SELECT client_id, 'ec2', natural_id, region, 'cpu_utilization', `hour`, 12, 12 * v, v, v"
                        + " FROM (SELECT STRAIGHT_JOIN e.client_id, e.instance_id AS natural_id, e.region, " + lastScan
                        + " - INTERVAL " + storedDays + " DAY - INTERVAL h.seq + 1 HOUR AS `hour`, 10 + (e.id + h.seq) % 80 AS v"
                        + " FROM " + ServiceType.EC2.resourceTable() + " e JOIN seq_0_to_" + (prunedDays * 24 - 1) + " h"
                        + " WHERE e.client_id = " + tenant + " AND e.state = 'running' AND e.scan_timestamp = " + lastScan + ") hours");
            }
        }
    }

    /** The natural id the fill gives the {@code n}th instance (1-based) of every scan: an SQL expression. */
    private static String instanceId(String n) {
        return "CONCAT('i-', LPAD(HEX(" + n + "), 17, '0'))";
    }

    /** The same in Java, for queries of filled instances. */
    public static String instanceId(int n) {
        return String.format("i-%017X", n);
    }

    private record Rows(String naturalId, String columns, String values) {
    }
}
