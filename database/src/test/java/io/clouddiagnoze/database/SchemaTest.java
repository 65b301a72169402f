package io.clouddiagnoze.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clouddiagnoze.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The migrations applied to an empty database, checked with real rows. */
class SchemaTest {
    private static final List<String> RESOURCE_TABLES = List.of("ec2_instances", "s3_buckets", "vpc_instances", "rds_instances");
    private static final List<String> PERFORMANCE_TABLES = List.of("ec2_performance", "s3_performance", "vpc_performance", "rds_performance");

    private static TestDatabase database;
    private static Connection db;

    @BeforeAll
    static void migrateAnEmptyDatabase() throws SQLException {
        database = TestDatabase.createMigrated();
        db = database.connect();
    }

    @AfterAll
    static void dropIt() throws SQLException {
        db.close();
        database.close();
    }

    @Test
    void theSeedsTenTablesExist() throws SQLException {
        List<String> tables = strings("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name <> 'flyway_schema_history'");

        assertThat(tables).contains("users", "scan_runs", "ec2_instances", "s3_buckets",
                "vpc_instances", "rds_instances", "ec2_performance", "s3_performance", "vpc_performance", "rds_performance");
    }

    @Test
    void aSecondUserWithTheSameEmailIsRefused() throws SQLException {
        String email = unique("dup") + "@example.com";
        insertUser(email);

        assertThatThrownBy(() -> insertUser(email)).isInstanceOf(SQLIntegrityConstraintViolationException.class)
                .hasMessageContaining("uk_users_email");
    }

    @Test
    void identifiersMayNotBeNull() throws SQLException {
        long user = insertUser(unique("nn") + "@example.com");
        long run = insertScanRun(user, "ec2");

        assertThatThrownBy(() -> update("INSERT INTO users (email, password_hash, company_name, external_id)"
                + " VALUES (NULL, 'x', 'Acme', ?)", unique("ext")))
                .isInstanceOf(SQLIntegrityConstraintViolationException.class);
        assertThatThrownBy(() -> update("INSERT INTO ec2_instances (scan_run_id, client_id, scan_timestamp, instance_id, region)"
                + " VALUES (?, ?, UTC_TIMESTAMP(6), NULL, 'us-east-1')", run, user))
                .isInstanceOf(SQLIntegrityConstraintViolationException.class);
        assertThatThrownBy(() -> update("INSERT INTO scan_runs (user_id, service_type, scan_timestamp)"
                + " VALUES (NULL, 'ec2', UTC_TIMESTAMP(6))"))
                .isInstanceOf(SQLIntegrityConstraintViolationException.class);
    }

    @Test
    void deletingAUserRemovesItsScanRunsResourcesAndMetricsButNoOneElses() throws SQLException {
        long doomed = insertUser(unique("doomed") + "@example.com");
        long kept = insertUser(unique("kept") + "@example.com");
        insertScanOfEveryService(doomed);
        insertScanOfEveryService(kept);

        update("DELETE FROM users WHERE id = ?", doomed);

        assertThat(count("SELECT COUNT(*) FROM scan_runs WHERE user_id = ?", doomed)).isZero();
        for (String table : RESOURCE_TABLES) {
            assertThat(count("SELECT COUNT(*) FROM " + table + " WHERE client_id = ?", doomed)).as(table).isZero();
            assertThat(count("SELECT COUNT(*) FROM " + table + " WHERE client_id = ?", kept)).as(table).isEqualTo(1);
        }
        for (String table : PERFORMANCE_TABLES) {
            assertThat(count("SELECT COUNT(*) FROM " + table + " WHERE client_id = ?", doomed)).as(table).isZero();
            assertThat(count("SELECT COUNT(*) FROM " + table + " WHERE client_id = ?", kept)).as(table).isEqualTo(2);
        }
    }

    @Test
    void deletingAScanRunRemovesItsResourcesAndTheirMetricsOnly() throws SQLException {
        long user = insertUser(unique("scans") + "@example.com");
        long first = insertScanRun(user, "ec2");
        long second = insertScanRun(user, "ec2");
        long firstInstance = insertEc2Instance(first, user, "i-0aaa");
        long secondInstance = insertEc2Instance(second, user, "i-0aaa");
        insertEc2Point(firstInstance, user, "2026-11-24 10:00:00");
        insertEc2Point(secondInstance, user, "2026-11-24 10:00:00");

        update("DELETE FROM scan_runs WHERE id = ?", first);

        assertThat(count("SELECT COUNT(*) FROM ec2_instances WHERE scan_run_id = ?", first)).isZero();
        assertThat(count("SELECT COUNT(*) FROM ec2_performance WHERE ec2_instance_id = ?", firstInstance)).isZero();
        assertThat(count("SELECT COUNT(*) FROM ec2_instances WHERE scan_run_id = ?", second)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM ec2_performance WHERE ec2_instance_id = ?", secondInstance)).isEqualTo(1);
    }

    @Test
    void aTenantHasAtMostOneScanInProgressPerService() throws SQLException {
        long user = insertUser(unique("busy") + "@example.com");
        String inProgress = "INSERT INTO scan_runs (user_id, service_type, scan_timestamp) VALUES (?, ?, UTC_TIMESTAMP(6))";
        long running = insert(inProgress, user, "ec2");
        insert(inProgress, user, "s3");

        assertThatThrownBy(() -> insert(inProgress, user, "ec2")).isInstanceOf(SQLIntegrityConstraintViolationException.class)
                .hasMessageContaining("uk_scan_runs_one_in_progress");
        update("UPDATE scan_runs SET status = 'success', finished_at = UTC_TIMESTAMP(6) WHERE id = ?", running);
        assertThat(insert(inProgress, user, "ec2")).isGreaterThan(running);
    }

    @Test
    void invalidJsonInTagsIsRefused() throws SQLException {
        long user = insertUser(unique("json") + "@example.com");
        long run = insertScanRun(user, "ec2");

        assertThatThrownBy(() -> update("INSERT INTO ec2_instances (scan_run_id, client_id, scan_timestamp, instance_id,"
                + " region, tags) VALUES (?, ?, UTC_TIMESTAMP(6), 'i-0bad', 'us-east-1', '{\"Name\": ')", run, user))
                .isInstanceOf(SQLException.class).hasMessageContaining("tags");
        assertThatThrownBy(() -> update("INSERT INTO vpc_instances (scan_run_id, client_id, scan_timestamp, vpc_id,"
                + " is_default, region, tags) VALUES (?, ?, UTC_TIMESTAMP(6), 'vpc-0bad', 0, 'us-east-1', 'not json')", run, user))
                .isInstanceOf(SQLException.class).hasMessageContaining("tags");
    }

    @Test
    void aRedeliveredResourceOrMetricPointCannotAddASecondRow() throws SQLException {
        long user = insertUser(unique("redeliver") + "@example.com");
        long run = insertScanRun(user, "ec2");
        long instance = insertEc2Instance(run, user, "i-0dup");
        insertEc2Point(instance, user, "2026-11-24 10:05:00");

        assertThatThrownBy(() -> insertEc2Instance(run, user, "i-0dup"))
                .isInstanceOf(SQLIntegrityConstraintViolationException.class);
        assertThatThrownBy(() -> insertEc2Point(instance, user, "2026-11-24 10:05:00"))
                .isInstanceOf(SQLIntegrityConstraintViolationException.class);
    }

    @Test
    void aResourceCannotBeFiledUnderAnotherTenantsScanRun() throws SQLException {
        long owner = insertUser(unique("owner") + "@example.com");
        long intruder = insertUser(unique("intruder") + "@example.com");
        long ownersRun = insertScanRun(owner, "ec2");

        assertThatThrownBy(() -> insertEc2Instance(ownersRun, intruder, "i-0evil"))
                .isInstanceOf(SQLIntegrityConstraintViolationException.class)
                .hasMessageContaining("fk_ec2_instances_scan_run");
    }

    @Test
    void theIndexesTheQueriesNeedExist() throws SQLException {
        List<String> indexes = strings("SELECT DISTINCT CONCAT(table_name, '.', index_name) FROM information_schema.statistics"
                + " WHERE table_schema = DATABASE()");

        assertThat(indexes).contains(
                "users.uk_users_email",
                "scan_runs.ix_scan_runs_user_service_time",
                "scan_runs.ix_scan_runs_status_updated",
                "ec2_instances.uk_ec2_instances_natural", "ec2_instances.ix_ec2_instances_client_instance",
                "s3_buckets.uk_s3_buckets_natural", "s3_buckets.ix_s3_buckets_client_bucket",
                "vpc_instances.uk_vpc_instances_natural", "vpc_instances.ix_vpc_instances_client_vpc",
                "rds_instances.uk_rds_instances_natural", "rds_instances.ix_rds_instances_client_db",
                "ec2_performance.uk_ec2_performance_id", "ec2_performance.ix_ec2_performance_client_time",
                "s3_performance.uk_s3_performance_id", "s3_performance.ix_s3_performance_client_time",
                "vpc_performance.uk_vpc_performance_id", "vpc_performance.ix_vpc_performance_client_time",
                "rds_performance.uk_rds_performance_id", "rds_performance.ix_rds_performance_client_time");
        assertThat(strings("SELECT column_name FROM information_schema.statistics WHERE table_schema = DATABASE()"
                + " AND index_name = 'ix_scan_runs_user_service_time' ORDER BY seq_in_index"))
                .startsWith("user_id");
        // A series reads a resource's points over a range: they lie together in the primary key.
        assertThat(strings("SELECT CONCAT(table_name, ':', GROUP_CONCAT(column_name ORDER BY seq_in_index)) FROM information_schema.statistics"
                + " WHERE table_schema = DATABASE() AND table_name LIKE '%\\_performance' AND index_name = 'PRIMARY' GROUP BY table_name"))
                .containsExactlyInAnyOrder("ec2_performance:ec2_instance_id,timestamp", "s3_performance:s3_bucket_id,timestamp",
                        "vpc_performance:vpc_instance_id,timestamp", "rds_performance:rds_instance_id,timestamp");
        // A series finds its resource's regions among all its sightings: the index that finds them holds the region too.
        assertThat(strings("SELECT CONCAT(table_name, ':', GROUP_CONCAT(column_name ORDER BY seq_in_index)) FROM information_schema.statistics"
                + " WHERE table_schema = DATABASE() AND index_name LIKE 'ix\\_%\\_client\\_%' AND table_name NOT LIKE '%\\_performance'"
                + " GROUP BY table_name"))
                .containsExactlyInAnyOrder("ec2_instances:client_id,instance_id,scan_timestamp,region",
                        "s3_buckets:client_id,bucket_name,scan_timestamp,region", "vpc_instances:client_id,vpc_id,scan_timestamp,region",
                        "rds_instances:client_id,db_identifier,scan_timestamp,region");
    }

    @Test
    void metricsAreDecimalAndTagsAreJson() throws SQLException {
        assertThat(strings("SELECT data_type FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'ec2_performance' AND column_name = 'cpu_utilization'")).containsExactly("decimal");
        assertThat(strings("SELECT check_clause FROM information_schema.check_constraints WHERE constraint_schema = DATABASE()"
                + " AND constraint_name = 'ck_ec2_instances_tags'")).singleElement().asString().containsIgnoringCase("json_valid");
    }

    private static void insertScanOfEveryService(long user) throws SQLException {
        long ec2Run = insertScanRun(user, "ec2");
        long instance = insertEc2Instance(ec2Run, user, "i-0" + Long.toHexString(user));
        insertEc2Point(instance, user, "2026-11-24 10:00:00");
        insertEc2Point(instance, user, "2026-11-24 10:05:00");

        long s3Run = insertScanRun(user, "s3");
        long bucket = insert("INSERT INTO s3_buckets (scan_run_id, client_id, scan_timestamp, bucket_name, region,"
                + " is_public, is_encrypted, versioning_enabled) VALUES (?, ?, UTC_TIMESTAMP(6), ?, 'us-east-1', 1, 0, 0)",
                s3Run, user, "bucket-" + user);
        for (String time : List.of("2026-11-23 00:00:00", "2026-11-24 00:00:00")) {
            update("INSERT INTO s3_performance (s3_bucket_id, client_id, `timestamp`, bucket_size_bytes, number_of_objects)"
                    + " VALUES (?, ?, ?, 1073741824, 1200)", bucket, user, time);
        }

        long vpcRun = insertScanRun(user, "vpc");
        long vpc = insert("INSERT INTO vpc_instances (scan_run_id, client_id, scan_timestamp, vpc_id, cidr_block, is_default,"
                + " subnet_count, region, tags) VALUES (?, ?, UTC_TIMESTAMP(6), 'vpc-0a1b', '10.0.0.0/16', 0, 2, 'us-east-1',"
                + " '{\"Name\": \"main\"}')", vpcRun, user);
        for (String time : List.of("2026-11-24 10:00:00", "2026-11-24 10:05:00")) {
            update("INSERT INTO vpc_performance (vpc_instance_id, client_id, `timestamp`, network_in_bytes, network_out_bytes)"
                    + " VALUES (?, ?, ?, 1500.5, 900)", vpc, user, time);
        }

        long rdsRun = insertScanRun(user, "rds");
        long rds = insert("INSERT INTO rds_instances (scan_run_id, client_id, scan_timestamp, db_identifier, engine, storage_gb,"
                + " is_public, backup_retention_days, storage_encrypted, multi_az, region)"
                + " VALUES (?, ?, UTC_TIMESTAMP(6), 'orders', 'postgres', 100, 1, 1, 0, 0, 'us-east-1')", rdsRun, user);
        for (String time : List.of("2026-11-24 10:00:00", "2026-11-24 10:05:00")) {
            update("INSERT INTO rds_performance (rds_instance_id, client_id, `timestamp`, database_connections, cpu_utilization,"
                    + " free_storage_bytes) VALUES (?, ?, ?, 3.5, 12.25, 53687091200)", rds, user, time);
        }
    }

    private static long insertUser(String email) throws SQLException {
        return insert("INSERT INTO users (email, password_hash, company_name, external_id) VALUES (?, ?, 'Acme', ?)",
                email, "$2b$12$abcdefghijklmnopqrstuuCkq8dFjX4i5m3YtqXqvZ1y0p6m7J9dK", unique("ext"));
    }

    /** A finished scan run: a tenant may have many of those per service, but only one in progress. */
    private static long insertScanRun(long user, String service) throws SQLException {
        return insert("INSERT INTO scan_runs (user_id, service_type, scan_timestamp, status, finished_at)"
                + " VALUES (?, ?, UTC_TIMESTAMP(6), 'success', UTC_TIMESTAMP(6))", user, service);
    }

    private static long insertEc2Instance(long run, long client, String instanceId) throws SQLException {
        return insert("INSERT INTO ec2_instances (scan_run_id, client_id, scan_timestamp, instance_id, instance_type, state,"
                + " region, tags) VALUES (?, ?, UTC_TIMESTAMP(6), ?, 't3.micro', 'running', 'us-east-1', '{\"env\": \"prod\"}')",
                run, client, instanceId);
    }

    private static void insertEc2Point(long instance, long client, String time) throws SQLException {
        update("INSERT INTO ec2_performance (ec2_instance_id, client_id, `timestamp`, cpu_utilization, network_in, network_out)"
                + " VALUES (?, ?, ?, 3.1250, 1024, 2048)", instance, client, time);
    }

    private static long insert(String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(statement, params).executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void update(String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            bind(statement, params).executeUpdate();
        }
    }

    private static long count(String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql); ResultSet rs = bind(statement, params).executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static PreparedStatement bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
