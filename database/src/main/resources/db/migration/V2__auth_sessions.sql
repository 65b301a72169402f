-- auth-service: refresh tokens (stored only as SHA-256 hashes, single use, rotated within a family so
-- that presenting a used one revokes the whole family) and failed logins (for the lockout).

CREATE TABLE refresh_tokens (
    id          BIGINT      NOT NULL AUTO_INCREMENT,
    user_id     BIGINT      NOT NULL,
    family_id   CHAR(36)    NOT NULL COMMENT 'every token rotated from one login shares it',
    token_hash  CHAR(64)    NOT NULL COMMENT 'hex SHA-256 of the token',
    expires_at  DATETIME(6) NOT NULL,
    used_at     DATETIME(6) NULL,
    revoked_at  DATETIME(6) NULL,
    created_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    CONSTRAINT uk_refresh_tokens_hash UNIQUE (token_hash),
    CONSTRAINT fk_refresh_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    INDEX ix_refresh_tokens_family (family_id),
    INDEX ix_refresh_tokens_expires (expires_at)
) ENGINE = InnoDB;

CREATE TABLE login_failures (
    id         BIGINT       NOT NULL AUTO_INCREMENT,
    email      VARCHAR(254) NOT NULL COMMENT 'as typed, normalised; also for emails with no account',
    failed_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    INDEX ix_login_failures_email_time (email, failed_at)
) ENGINE = InnoDB;
