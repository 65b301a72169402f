-- scan-orchestrator's bookkeeping of a scan run's life: its request on Kafka, what the scanner reported,
-- when it last had news, and the published resource changes.

ALTER TABLE scan_runs
    ADD COLUMN request_published_at DATETIME(6) NULL
        COMMENT 'when the scan request reached Kafka; null while the relay still owes it (the run row is the outbox)',
    ADD COLUMN scanner_status ENUM ('success', 'error') NULL COMMENT 'the scanner''s verdict, kept until every resource is stored',
    ADD COLUMN expected_resources INT NULL COMMENT 'how many resources the scanner reported emitting',
    ADD COLUMN last_event_at DATETIME(6) NULL COMMENT 'the last event of this run; a run with no news for too long times out',
    ADD COLUMN changes_published_at DATETIME(6) NULL COMMENT 'when its resource-changes events reached Kafka',
    -- At most one scan in progress per tenant and service, enforced where two concurrent requests meet.
    ADD COLUMN in_progress_service VARCHAR(8) AS (IF(status = 'in_progress', service_type, NULL)) PERSISTENT,
    ADD CONSTRAINT uk_scan_runs_one_in_progress UNIQUE (user_id, in_progress_service),
    ADD CONSTRAINT ck_scan_runs_expected_resources CHECK (expected_resources IS NULL OR expected_resources >= 0),
    ADD INDEX ix_scan_runs_request_pending (request_published_at, status),
    ADD INDEX ix_scan_runs_changes_pending (changes_published_at, status);
