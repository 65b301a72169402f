-- Findings as data: one row per occurrence of a resource failing a check, written by scan-orchestrator in the
-- transaction that closes a successful scan run. A failing resource's open finding is seen again by each later scan
-- that still finds it failing; a scan that no longer does resolves it; failing once more, it opens a new occurrence
-- and the resolved one is kept. Only an occurrence not resolved is unique (a resolved one has no open_occurrence).
--
-- A tenant may mute an open finding, with a reason, until a time at most a year ahead: it leaves the open list, and
-- opens again by itself at that time, or when a scan finds its evidence changed. finding_mutes keeps who did what.
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
    status                 ENUM ('open', 'muted', 'resolved') NOT NULL DEFAULT 'open',
    evidence               JSON         NOT NULL COMMENT 'the fields that made the resource fail, as last seen',
    first_seen_at          DATETIME(6)  NOT NULL,
    first_seen_scan_run_id BIGINT       NULL,
    last_seen_at           DATETIME(6)  NOT NULL,
    last_seen_scan_run_id  BIGINT       NULL,
    resolved_at            DATETIME(6)  NULL,
    resolved_scan_run_id   BIGINT       NULL,
    muted_at               DATETIME(6)  NULL,
    muted_until            DATETIME(6)  NULL,
    muted_by               BIGINT       NULL COMMENT 'the user (users.id) who muted it',
    mute_reason            VARCHAR(500) NULL,
    muted_evidence         JSON         NULL COMMENT 'the evidence when it was muted: a scan finding other evidence opens it',
    open_occurrence        TINYINT AS (IF(status = 'resolved', NULL, 1)) PERSISTENT,
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
    INDEX ix_findings_tenant_resolved (client_id, resolved_at),
    INDEX ix_findings_muted_until (status, muted_until)
) ENGINE = InnoDB;

CREATE TABLE finding_mutes (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    finding_id  BIGINT       NOT NULL,
    client_id   BIGINT       NOT NULL COMMENT 'the tenant (users.id)',
    action      ENUM ('muted', 'unmuted', 'expired', 'evidence_changed') NOT NULL,
    actor       BIGINT       NULL COMMENT 'the user who acted; null when CloudDiagnoze did',
    reason      VARCHAR(500) NULL,
    muted_until DATETIME(6)  NULL,
    at          DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_finding_mutes_finding FOREIGN KEY (finding_id) REFERENCES findings (id) ON DELETE CASCADE,
    INDEX ix_finding_mutes_finding (finding_id, at)
) ENGINE = InnoDB;
