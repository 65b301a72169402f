-- Retention and archive (scan-orchestrator's RetentionJob). A finished scan run older than its tenant's retention period
-- is written to object storage (one gzipped JSON-lines object with the run, its resource rows and their metric rows, and
-- a manifest), recorded here, and then deleted by the schema's cascades in short batches. The foreign keys stay: the
-- tables are not partitioned (InnoDB forbids foreign keys on partitioned tables), see README, Operate it.

-- The tenant's own retention period in months; null: the platform's (RETENTION_MONTHS, 6). auth-service writes it.
ALTER TABLE users
    ADD COLUMN retention_months SMALLINT NULL COMMENT 'months a finished scan run stays online; null: the platform default',
    ADD CONSTRAINT ck_users_retention_months CHECK (retention_months IS NULL OR retention_months BETWEEN 1 AND 120);

-- A restored run stays online until then, whatever its age, instead of going back to the archive at the next pass.
ALTER TABLE scan_runs
    ADD COLUMN retained_until DATETIME(6) NULL COMMENT 'a restored run is not archived again before this instant';

-- One row per archived run: written once its object and manifest are stored and verified, before any of its rows is
-- deleted. While the run's row still exists its deletion is unfinished, and the next pass finishes it. The run's own
-- columns are kept so that the scan list still shows it.
CREATE TABLE archived_scan_runs (
    scan_run_id     BIGINT        NOT NULL COMMENT 'the run''s id, which a restore gives it back',
    client_id       BIGINT        NOT NULL COMMENT 'the tenant (users.id)',
    service_type    ENUM ('ec2', 's3', 'vpc', 'rds') NOT NULL,
    status          ENUM ('success', 'error') NOT NULL,
    scan_timestamp  DATETIME(6)   NOT NULL,
    finished_at     DATETIME(6)   NULL,
    total_resources INT           NOT NULL,
    requested_regions JSON        NOT NULL,
    region_outcomes JSON          NULL,
    error_detail    VARCHAR(4000) NULL,
    resource_rows   INT           NOT NULL COMMENT 'rows of the resource table in the object',
    metric_rows     INT           NOT NULL COMMENT 'rows of the performance table in the object',
    object_key      VARCHAR(255)  NOT NULL COMMENT 'tenants/<tenant>/scan-runs/<run>.jsonl.gz in the archive bucket',
    object_size     BIGINT        NOT NULL,
    sha256          CHAR(64)      NOT NULL COMMENT 'hex SHA-256 of the object',
    archived_at     DATETIME(6)   NOT NULL,
    PRIMARY KEY (scan_run_id),
    CONSTRAINT fk_archived_scan_runs_tenant FOREIGN KEY (client_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT ck_archived_scan_runs_json CHECK (JSON_VALID(requested_regions)
        AND (region_outcomes IS NULL OR JSON_VALID(region_outcomes))),
    INDEX ix_archived_scan_runs_tenant_time (client_id, scan_timestamp)
) ENGINE = InnoDB;

-- Which resources an archived run saw, so that a resource's history counts its archived sightings: one narrow row per
-- archived resource row, gone with its archive record (a restore, or the tenant's deletion).
CREATE TABLE archived_sightings (
    scan_run_id    BIGINT       NOT NULL,
    client_id      BIGINT       NOT NULL COMMENT 'the tenant (users.id)',
    service_type   ENUM ('ec2', 's3', 'vpc', 'rds') NOT NULL,
    resource_id    VARCHAR(255) NOT NULL COMMENT 'the natural id: instance id, bucket name, VPC id, DB identifier',
    region         VARCHAR(32)  NOT NULL,
    scan_timestamp DATETIME(6)  NOT NULL,
    PRIMARY KEY (scan_run_id, resource_id, region),
    CONSTRAINT fk_archived_sightings_run FOREIGN KEY (scan_run_id) REFERENCES archived_scan_runs (scan_run_id) ON DELETE CASCADE,
    INDEX ix_archived_sightings_resource (client_id, service_type, resource_id, scan_timestamp)
) ENGINE = InnoDB;

-- Leases of the jobs that must run in one instance at a time: taken by a conditional UPDATE when free or lapsed,
-- renewed while the job works, released when it ends. A holder that dies leaves a lease that lapses at expires_at.
CREATE TABLE job_leases (
    job_name   VARCHAR(64) NOT NULL,
    holder     CHAR(36)    NULL COMMENT 'the run of the job that holds the lease',
    expires_at DATETIME(6) NULL COMMENT 'UTC; past it, the lease is free',
    PRIMARY KEY (job_name)
) ENGINE = InnoDB;

INSERT INTO job_leases (job_name) VALUES ('retention');
