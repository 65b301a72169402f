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

-- The raw points' window is kept by one instance at a time.
INSERT INTO job_leases (job_name) VALUES ('metric-points-window');
