-- notification-service's tables: each tenant's alert channels and rules, and the deliveries of the alerts they match.
-- Deleting the tenant deletes all of it; deleting a channel deletes its deliveries and takes it out of every rule.
--
-- A webhook channel keeps its signing secret (the HMAC key of each POST's signature), so that the service can sign; the
-- API shows it once, in the answer that creates the channel. A channel whose deliveries keep failing is paused (paused_at,
-- with why) until the tenant saves it again; failing_since is when its current run of failures began.
CREATE TABLE alert_channels (
    id             BIGINT        NOT NULL AUTO_INCREMENT,
    client_id      BIGINT        NOT NULL COMMENT 'the tenant (users.id)',
    channel_type   ENUM ('webhook', 'slack', 'email') NOT NULL,
    name           VARCHAR(100)  NOT NULL,
    url            VARCHAR(2048) NULL COMMENT 'webhook and slack: where the alerts are posted',
    addresses      JSON          NULL COMMENT 'email: the recipients',
    signing_secret VARCHAR(64)   NULL COMMENT 'webhook: the HMAC-SHA256 key of the signatures',
    failing_since  DATETIME(6)   NULL,
    paused_at      DATETIME(6)   NULL,
    paused_reason  VARCHAR(500)  NULL,
    created_at     DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_alert_channels_tenant FOREIGN KEY (client_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT ck_alert_channels_addresses CHECK (addresses IS NULL OR JSON_VALID(addresses)),
    INDEX ix_alert_channels_tenant (client_id)
) ENGINE = InnoDB;

-- Which events a rule matches: finding.opened and finding.resolved at or above min_severity, resource.changed when one of
-- the fields changed (any change when fields is empty); of the services named (all when empty).
CREATE TABLE alert_rules (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    client_id    BIGINT       NOT NULL COMMENT 'the tenant (users.id)',
    name         VARCHAR(100) NOT NULL,
    events       JSON         NOT NULL,
    min_severity ENUM ('critical', 'high', 'medium', 'low') NOT NULL,
    services     JSON         NOT NULL,
    fields       JSON         NOT NULL,
    delivery     ENUM ('immediate') NOT NULL,
    created_at   DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_alert_rules_tenant FOREIGN KEY (client_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT ck_alert_rules_json CHECK (JSON_VALID(events) AND JSON_VALID(services) AND JSON_VALID(fields)),
    INDEX ix_alert_rules_tenant (client_id)
) ENGINE = InnoDB;

CREATE TABLE alert_rule_channels (
    rule_id    BIGINT NOT NULL,
    channel_id BIGINT NOT NULL,
    PRIMARY KEY (rule_id, channel_id),
    CONSTRAINT fk_alert_rule_channels_rule FOREIGN KEY (rule_id) REFERENCES alert_rules (id) ON DELETE CASCADE,
    CONSTRAINT fk_alert_rule_channels_channel FOREIGN KEY (channel_id) REFERENCES alert_channels (id) ON DELETE CASCADE
) ENGINE = InnoDB;

-- The outbox of alerts: a row per event and channel, written in the transaction that matches the event, so that an
-- event consumed twice (a redelivery, a replay) adds nothing (uk_alert_deliveries_event). A row is sent when
-- next_attempt_at comes; a sender claims it by moving next_attempt_at past its attempt's deadline, and a failed attempt
-- sets the next one by exponential back-off, until the row is older than the retry window and fails for good.
CREATE TABLE alert_deliveries (
    id              BIGINT        NOT NULL AUTO_INCREMENT,
    client_id       BIGINT        NOT NULL COMMENT 'the tenant (users.id)',
    channel_id      BIGINT        NOT NULL,
    event_id        VARCHAR(200)  NOT NULL COMMENT 'finding:<sequence> or resource:<scan run>:<service>:<region>:<resource id>',
    event_type      VARCHAR(32)   NOT NULL COMMENT 'finding.opened, finding.resolved, resource.changed',
    alert           MEDIUMTEXT    NOT NULL COMMENT 'the alert as a webhook receives it (JSON)',
    status          ENUM ('pending', 'delivered', 'failed') NOT NULL DEFAULT 'pending',
    attempts        INT           NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(6)   NOT NULL,
    last_error      VARCHAR(500)  NULL,
    created_at      DATETIME(6)   NOT NULL,
    delivered_at    DATETIME(6)   NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_alert_deliveries_event UNIQUE (event_id, channel_id),
    CONSTRAINT fk_alert_deliveries_tenant FOREIGN KEY (client_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_alert_deliveries_channel FOREIGN KEY (channel_id) REFERENCES alert_channels (id) ON DELETE CASCADE,
    CONSTRAINT ck_alert_deliveries_alert CHECK (JSON_VALID(alert)),
    INDEX ix_alert_deliveries_due (status, next_attempt_at),
    INDEX ix_alert_deliveries_tenant (client_id, id)
) ENGINE = InnoDB;
