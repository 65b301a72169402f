-- Hourly rollups of the metric points (metrics-collector's HourlyRollupRepository writes, reads and prunes them). The
-- 5-minute points stay for a window (METRICS_RAW_WINDOW, 14 days); the hours stay for the online period, so that a
-- series over weeks reads a few hundred rows instead of every sighting's points.
--
-- The rule for a timestamp stored by several sightings. A resource's point is stored once per sighting (each scan run's
-- resource row has its own performance rows), and consecutive scans' windows overlap. A series counts such a timestamp
-- once, with the average of the sightings' values at it (v below). An hour's row holds, over the distinct timestamps of
-- the hour that have a value: their number, the sum, the minimum and the maximum of v. Because v depends on every
-- sighting, an hour is never added to: each write of points recomputes, in its own transaction, the whole rows of the
-- hours it touched from the points stored (all sightings of the resource, by natural id and region), and replaces
-- them. A batch delivered twice, a timestamp re-collected with another value, or one stored by a further sighting
-- leaves the same rows as the points themselves give. An average over hours is sum / count: exact, and mergeable.
-- Two batches of one resource stored at once: the recomputation (INSERT ... SELECT) reads the points with shared locks,
-- so the later of the two waits for the other's points and counts them (or deadlocks, and is retried like any).
--
-- No foreign key to the resource rows: an hour outlives the points (and the sightings) it was computed from. It goes
-- with its tenant (cascade), and the daily pass deletes the hours older than the tenant's oldest online sighting of
-- that service: the retention job archives old scan runs, and what they leave behind is not kept.
CREATE TABLE performance_hourly (
    client_id    BIGINT         NOT NULL COMMENT 'the tenant (users.id)',
    service_type ENUM ('ec2', 's3', 'vpc', 'rds') NOT NULL,
    natural_id   VARCHAR(255)   NOT NULL COMMENT 'instance id, bucket name, VPC id, DB identifier',
    region       VARCHAR(32)    NOT NULL,
    metric       VARCHAR(32)    NOT NULL COMMENT 'the performance table''s column',
    `hour`       DATETIME       NOT NULL COMMENT 'UTC, start of the hour',
    sample_count INT            NOT NULL COMMENT 'distinct 5-minute timestamps with a value',
    value_sum    DECIMAL(40, 8) NOT NULL COMMENT 'sum over those timestamps of the average of the sightings'' values',
    value_min    DECIMAL(40, 8) NOT NULL,
    value_max    DECIMAL(40, 8) NOT NULL,
    PRIMARY KEY (client_id, service_type, natural_id, region, metric, `hour`),
    CONSTRAINT fk_performance_hourly_tenant FOREIGN KEY (client_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB;

-- The hours of the points stored before this migration, by the same rule, so that the first pass deletes no point that
-- has no hour. One statement per service; every sighting counts (a point lies within a day of its sighting).

INSERT INTO performance_hourly (client_id, service_type, natural_id, region, metric, `hour`, sample_count, value_sum,
                                value_min, value_max)
SELECT client_id, 'ec2', natural_id, region, metric, DATE_FORMAT(t, '%Y-%m-%d %H:00:00'), COUNT(*), SUM(v), MIN(v), MAX(v)
FROM (
    SELECT r.client_id, r.instance_id AS natural_id, r.region, 'cpu_utilization' AS metric, p.`timestamp` AS t, AVG(p.cpu_utilization) AS v
    FROM ec2_performance p JOIN ec2_instances r ON r.id = p.ec2_instance_id WHERE p.cpu_utilization IS NOT NULL
    GROUP BY r.client_id, r.instance_id, r.region, p.`timestamp`
    UNION ALL
    SELECT r.client_id, r.instance_id AS natural_id, r.region, 'network_in' AS metric, p.`timestamp` AS t, AVG(p.network_in) AS v
    FROM ec2_performance p JOIN ec2_instances r ON r.id = p.ec2_instance_id WHERE p.network_in IS NOT NULL
    GROUP BY r.client_id, r.instance_id, r.region, p.`timestamp`
    UNION ALL
    SELECT r.client_id, r.instance_id AS natural_id, r.region, 'network_out' AS metric, p.`timestamp` AS t, AVG(p.network_out) AS v
    FROM ec2_performance p JOIN ec2_instances r ON r.id = p.ec2_instance_id WHERE p.network_out IS NOT NULL
    GROUP BY r.client_id, r.instance_id, r.region, p.`timestamp`
) points GROUP BY client_id, natural_id, region, metric, DATE_FORMAT(t, '%Y-%m-%d %H:00:00');

INSERT INTO performance_hourly (client_id, service_type, natural_id, region, metric, `hour`, sample_count, value_sum,
                                value_min, value_max)
SELECT client_id, 's3', natural_id, region, metric, DATE_FORMAT(t, '%Y-%m-%d %H:00:00'), COUNT(*), SUM(v), MIN(v), MAX(v)
FROM (
    SELECT r.client_id, r.bucket_name AS natural_id, r.region, 'bucket_size_bytes' AS metric, p.`timestamp` AS t, AVG(p.bucket_size_bytes) AS v
    FROM s3_performance p JOIN s3_buckets r ON r.id = p.s3_bucket_id WHERE p.bucket_size_bytes IS NOT NULL
    GROUP BY r.client_id, r.bucket_name, r.region, p.`timestamp`
    UNION ALL
    SELECT r.client_id, r.bucket_name AS natural_id, r.region, 'number_of_objects' AS metric, p.`timestamp` AS t, AVG(p.number_of_objects) AS v
    FROM s3_performance p JOIN s3_buckets r ON r.id = p.s3_bucket_id WHERE p.number_of_objects IS NOT NULL
    GROUP BY r.client_id, r.bucket_name, r.region, p.`timestamp`
    UNION ALL
    SELECT r.client_id, r.bucket_name AS natural_id, r.region, 'all_requests' AS metric, p.`timestamp` AS t, AVG(p.all_requests) AS v
    FROM s3_performance p JOIN s3_buckets r ON r.id = p.s3_bucket_id WHERE p.all_requests IS NOT NULL
    GROUP BY r.client_id, r.bucket_name, r.region, p.`timestamp`
    UNION ALL
    SELECT r.client_id, r.bucket_name AS natural_id, r.region, 'get_requests' AS metric, p.`timestamp` AS t, AVG(p.get_requests) AS v
    FROM s3_performance p JOIN s3_buckets r ON r.id = p.s3_bucket_id WHERE p.get_requests IS NOT NULL
    GROUP BY r.client_id, r.bucket_name, r.region, p.`timestamp`
    UNION ALL
    SELECT r.client_id, r.bucket_name AS natural_id, r.region, 'put_requests' AS metric, p.`timestamp` AS t, AVG(p.put_requests) AS v
    FROM s3_performance p JOIN s3_buckets r ON r.id = p.s3_bucket_id WHERE p.put_requests IS NOT NULL
    GROUP BY r.client_id, r.bucket_name, r.region, p.`timestamp`
) points GROUP BY client_id, natural_id, region, metric, DATE_FORMAT(t, '%Y-%m-%d %H:00:00');

INSERT INTO performance_hourly (client_id, service_type, natural_id, region, metric, `hour`, sample_count, value_sum,
                                value_min, value_max)
SELECT client_id, 'vpc', natural_id, region, metric, DATE_FORMAT(t, '%Y-%m-%d %H:00:00'), COUNT(*), SUM(v), MIN(v), MAX(v)
FROM (
    SELECT r.client_id, r.vpc_id AS natural_id, r.region, 'network_in_bytes' AS metric, p.`timestamp` AS t, AVG(p.network_in_bytes) AS v
    FROM vpc_performance p JOIN vpc_instances r ON r.id = p.vpc_instance_id WHERE p.network_in_bytes IS NOT NULL
    GROUP BY r.client_id, r.vpc_id, r.region, p.`timestamp`
    UNION ALL
    SELECT r.client_id, r.vpc_id AS natural_id, r.region, 'network_out_bytes' AS metric, p.`timestamp` AS t, AVG(p.network_out_bytes) AS v
    FROM vpc_performance p JOIN vpc_instances r ON r.id = p.vpc_instance_id WHERE p.network_out_bytes IS NOT NULL
    GROUP BY r.client_id, r.vpc_id, r.region, p.`timestamp`
) points GROUP BY client_id, natural_id, region, metric, DATE_FORMAT(t, '%Y-%m-%d %H:00:00');

INSERT INTO performance_hourly (client_id, service_type, natural_id, region, metric, `hour`, sample_count, value_sum,
                                value_min, value_max)
SELECT client_id, 'rds', natural_id, region, metric, DATE_FORMAT(t, '%Y-%m-%d %H:00:00'), COUNT(*), SUM(v), MIN(v), MAX(v)
FROM (
    SELECT r.client_id, r.db_identifier AS natural_id, r.region, 'database_connections' AS metric, p.`timestamp` AS t, AVG(p.database_connections) AS v
    FROM rds_performance p JOIN rds_instances r ON r.id = p.rds_instance_id WHERE p.database_connections IS NOT NULL
    GROUP BY r.client_id, r.db_identifier, r.region, p.`timestamp`
    UNION ALL
    SELECT r.client_id, r.db_identifier AS natural_id, r.region, 'cpu_utilization' AS metric, p.`timestamp` AS t, AVG(p.cpu_utilization) AS v
    FROM rds_performance p JOIN rds_instances r ON r.id = p.rds_instance_id WHERE p.cpu_utilization IS NOT NULL
    GROUP BY r.client_id, r.db_identifier, r.region, p.`timestamp`
    UNION ALL
    SELECT r.client_id, r.db_identifier AS natural_id, r.region, 'free_storage_bytes' AS metric, p.`timestamp` AS t, AVG(p.free_storage_bytes) AS v
    FROM rds_performance p JOIN rds_instances r ON r.id = p.rds_instance_id WHERE p.free_storage_bytes IS NOT NULL
    GROUP BY r.client_id, r.db_identifier, r.region, p.`timestamp`
) points GROUP BY client_id, natural_id, region, metric, DATE_FORMAT(t, '%Y-%m-%d %H:00:00');

-- The raw points' window is kept by one instance at a time.
INSERT INTO job_leases (job_name) VALUES ('metric-points-window');
