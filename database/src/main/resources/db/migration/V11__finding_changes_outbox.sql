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

-- The compliance report counts, per control, the resources failing any of its checks: by tenant and check first.
CREATE INDEX ix_findings_tenant_check ON findings (client_id, check_id, status, region, resource_id);
