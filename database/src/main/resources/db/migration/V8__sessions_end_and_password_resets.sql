-- Sessions that end, and passwords that can be reset.
-- A refresh token was good for 7 days after its own rotation, so a session kept refreshing never ended. Each token now
-- carries the end of the session it rotates from (auth.jwt.session-lifetime after the sign-in), and no rotation passes
-- it. Sessions begun before this migration end 30 days after their token was made.
ALTER TABLE refresh_tokens
    ADD COLUMN session_expires_at DATETIME(6) NULL COMMENT 'the end of the session: no token of the family outlives it';
UPDATE refresh_tokens SET session_expires_at = created_at + INTERVAL 30 DAY;
ALTER TABLE refresh_tokens
    MODIFY session_expires_at DATETIME(6) NOT NULL COMMENT 'the end of the session: no token of the family outlives it';

-- A password reset: a single-use token, mailed to the account's address, stored only as its SHA-256.
CREATE TABLE password_resets (
    id          BIGINT      NOT NULL AUTO_INCREMENT,
    user_id     BIGINT      NOT NULL,
    token_hash  CHAR(64)    NOT NULL COMMENT 'hex SHA-256 of the token',
    expires_at  DATETIME(6) NOT NULL,
    used_at     DATETIME(6) NULL,
    created_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    CONSTRAINT uk_password_resets_hash UNIQUE (token_hash),
    CONSTRAINT fk_password_resets_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    INDEX ix_password_resets_expires (expires_at)
) ENGINE = InnoDB;
