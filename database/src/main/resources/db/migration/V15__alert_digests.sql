-- Digests: a rule may gather what it matches for each of its channels and send it as one message every N hours
-- (digest_hours), rather than an alert an event.
ALTER TABLE alert_rules
    MODIFY delivery ENUM ('immediate', 'digest') NOT NULL,
    ADD COLUMN digest_hours SMALLINT NULL COMMENT 'digest: the hours a digest gathers before it is sent',
    ADD CONSTRAINT ck_alert_rules_digest CHECK ((delivery = 'digest') = (digest_hours IS NOT NULL)
        AND (digest_hours IS NULL OR digest_hours BETWEEN 1 AND 168));

-- What a digest rule matched for a channel: a row per rule, channel and event, written in the transaction that matches
-- the event, so that an event consumed twice adds nothing (uk_alert_digest_items_event). Once the oldest waiting row of
-- a rule and channel is digest_hours old, every waiting row of theirs goes into one delivery (digest_delivery_id), which
-- alert_deliveries sends and retries as it does any alert; the rows are kept, so that a replay of their events later
-- finds them and adds nothing either.
CREATE TABLE alert_digest_items (
    id                 BIGINT       NOT NULL AUTO_INCREMENT,
    client_id          BIGINT       NOT NULL COMMENT 'the tenant (users.id)',
    rule_id            BIGINT       NOT NULL,
    channel_id         BIGINT       NOT NULL,
    event_id           VARCHAR(200) NOT NULL,
    alert              MEDIUMTEXT   NOT NULL COMMENT 'the alert as a webhook would receive it alone (JSON)',
    created_at         DATETIME(6)  NOT NULL,
    digest_delivery_id BIGINT       NULL COMMENT 'the delivery of the digest that carried it; NULL while it waits',
    PRIMARY KEY (id),
    CONSTRAINT uk_alert_digest_items_event UNIQUE (rule_id, channel_id, event_id),
    CONSTRAINT fk_alert_digest_items_tenant FOREIGN KEY (client_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_alert_digest_items_rule FOREIGN KEY (rule_id) REFERENCES alert_rules (id) ON DELETE CASCADE,
    CONSTRAINT fk_alert_digest_items_channel FOREIGN KEY (channel_id) REFERENCES alert_channels (id) ON DELETE CASCADE,
    CONSTRAINT fk_alert_digest_items_delivery FOREIGN KEY (digest_delivery_id) REFERENCES alert_deliveries (id) ON DELETE CASCADE,
    CONSTRAINT ck_alert_digest_items_alert CHECK (JSON_VALID(alert)),
    INDEX ix_alert_digest_items_waiting (digest_delivery_id, rule_id, channel_id, created_at)
) ENGINE = InnoDB;
