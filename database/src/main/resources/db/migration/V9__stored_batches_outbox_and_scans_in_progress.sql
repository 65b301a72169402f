-- scan-orchestrator's outbox of resources-stored events. A batch's row is written in the transaction that stores the
-- batch's resources, holding the event as it will be published (with the row id each resource got); its relay
-- claims rows as the scan runs' relays do, publishes them, and deletes each once the broker has it. A redelivered
-- batch meets its row's unique key and adds nothing.
CREATE TABLE stored_batches (
    id                  BIGINT      NOT NULL AUTO_INCREMENT,
    scan_run_id         BIGINT      NOT NULL,
    client_id           BIGINT      NOT NULL,
    batch_sequence      INT         NOT NULL,
    event               JSON        NOT NULL COMMENT 'the resources-stored event, as published',
    relay_claim         CHAR(36)    NULL COMMENT 'the relay round publishing this batch, while it does',
    relay_claimed_until DATETIME(6) NULL COMMENT 'when that claim lapses if the round never released it',
    created_at          DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    CONSTRAINT uk_stored_batches_batch UNIQUE (scan_run_id, batch_sequence),
    CONSTRAINT fk_stored_batches_scan_run FOREIGN KEY (scan_run_id, client_id)
        REFERENCES scan_runs (id, user_id) ON DELETE CASCADE,
    CONSTRAINT ck_stored_batches_event CHECK (JSON_VALID(event)),
    INDEX ix_stored_batches_relay_claim (relay_claim)
);

-- What auth-service may know of the scans: which of a tenant's runs are in progress (a tenant is not deleted while one
-- is). It reads this view, defined here beside the table's owner's statuses, instead of scan_runs itself.
CREATE VIEW scans_in_progress AS
    SELECT id, user_id AS tenant_id, service_type FROM scan_runs WHERE status = 'in_progress';
