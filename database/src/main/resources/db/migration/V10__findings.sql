-- Findings as data: one row per occurrence of a resource failing a check, written by scan-orchestrator in the
-- transaction that closes a successful scan run. A failing resource's open finding is seen again by each later scan
-- that still finds it failing; a scan that no longer does resolves it; failing once more, it opens a new occurrence
-- and the resolved one is kept. Only an open occurrence is unique (a resolved one has no open_occurrence).
--
-- The scan run columns point to the runs that first saw, last saw and resolved the finding. Deleting one of those runs
-- keeps the finding, its times and evidence, and clears that pointer: a finding is the history of what scans saw, not
-- part of one scan. Deleting the tenant deletes its findings.
CREATE TABLE findings (
    id                     BIGINT       NOT NULL AUTO_INCREMENT,
    client_id              BIGINT       NOT NULL COMMENT 'the tenant (users.id)',
    check_id               VARCHAR(80)  NOT NULL,
    service                ENUM ('ec2', 's3', 'vpc', 'rds') NOT NULL,
    region                 VARCHAR(32)  NOT NULL,
    resource_id            VARCHAR(255) NOT NULL COMMENT 'the natural id: instance id, bucket name, VPC id, DB identifier',
    severity               ENUM ('critical', 'high', 'medium', 'low') NOT NULL,
    status                 ENUM ('open', 'resolved') NOT NULL DEFAULT 'open',
    evidence               JSON         NOT NULL COMMENT 'the fields that made the resource fail, as last seen',
    first_seen_at          DATETIME(6)  NOT NULL,
    first_seen_scan_run_id BIGINT       NULL,
    last_seen_at           DATETIME(6)  NOT NULL,
    last_seen_scan_run_id  BIGINT       NULL,
    resolved_at            DATETIME(6)  NULL,
    resolved_scan_run_id   BIGINT       NULL,
    open_occurrence        TINYINT AS (IF(status = 'open', 1, NULL)) PERSISTENT,
    PRIMARY KEY (id),
    CONSTRAINT uk_findings_open UNIQUE (client_id, check_id, region, resource_id, open_occurrence),
    CONSTRAINT fk_findings_tenant FOREIGN KEY (client_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_findings_first_seen FOREIGN KEY (first_seen_scan_run_id) REFERENCES scan_runs (id) ON DELETE SET NULL,
    CONSTRAINT fk_findings_last_seen FOREIGN KEY (last_seen_scan_run_id) REFERENCES scan_runs (id) ON DELETE SET NULL,
    CONSTRAINT fk_findings_resolved FOREIGN KEY (resolved_scan_run_id) REFERENCES scan_runs (id) ON DELETE SET NULL,
    CONSTRAINT ck_findings_evidence CHECK (JSON_VALID(evidence)),
    INDEX ix_findings_tenant_status (client_id, status, severity, check_id, resource_id),
    INDEX ix_findings_tenant_service (client_id, service, status),
    INDEX ix_findings_tenant_first_seen (client_id, first_seen_at),
    INDEX ix_findings_tenant_resolved (client_id, resolved_at)
) ENGINE = InnoDB;
