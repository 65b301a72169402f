-- scan-orchestrator's outbox of findings-changed events: a row per finding opened, resolved, muted or unmuted, written in
-- the transaction that made the change. Its relay claims rows as the other outboxes' relays do, publishes each with the
-- finding as the API shows it then, and deletes it once the broker has it. Deleting the tenant deletes its findings and
-- with them what was still waiting here.
CREATE TABLE finding_changes (
    id                  BIGINT      NOT NULL AUTO_INCREMENT,
    finding_id          BIGINT      NOT NULL,
    client_id           BIGINT      NOT NULL COMMENT 'the tenant (users.id)',
    change_type         ENUM ('opened', 'resolved', 'muted', 'unmuted') NOT NULL,
    changed_at          DATETIME(6) NOT NULL,
    relay_claim         CHAR(36)    NULL COMMENT 'the relay round publishing this change, while it does',
    relay_claimed_until DATETIME(6) NULL COMMENT 'when that claim lapses if the round never released it',
    PRIMARY KEY (id),
    CONSTRAINT fk_finding_changes_finding FOREIGN KEY (finding_id) REFERENCES findings (id) ON DELETE CASCADE,
    INDEX ix_finding_changes_relay_claim (relay_claim)
) ENGINE = InnoDB;

-- A successful run keeps the checks whose findings it recorded as it closed: the compliance report evaluates a control
-- only over a run that recorded its checks (not one closed before findings were kept, or before the check existed).
ALTER TABLE scan_runs ADD COLUMN findings_checks JSON NULL COMMENT 'the checks whose findings this run recorded'
    CHECK (findings_checks IS NULL OR JSON_VALID(findings_checks));

-- The API's reads of findings, each by an index that starts with the tenant: a page of one check's findings and the
-- compliance report's counts by check and resource; a page of every check's, in the listing's order; a resource's.
CREATE INDEX ix_findings_tenant_check ON findings (client_id, check_id, status, resource_id, region);
DROP INDEX ix_findings_tenant_status ON findings;
CREATE INDEX ix_findings_tenant_status ON findings (client_id, status, severity, check_id, resource_id, region);
CREATE INDEX ix_findings_tenant_resource ON findings (client_id, resource_id, region);
