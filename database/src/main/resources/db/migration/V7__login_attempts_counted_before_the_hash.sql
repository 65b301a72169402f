-- Login attempts counted before the password is checked. login_failures recorded a failure after bcrypt had
-- answered, so parallel guesses were all evaluated before the first was counted. One row per email (as typed,
-- normalised, also for emails with no account) counts the attempts of its current window, upserted in one
-- statement under the row's lock: however many guesses arrive at once, at most the threshold are evaluated.
DROP TABLE login_failures;

CREATE TABLE login_attempts (
    email             VARCHAR(254) NOT NULL,
    window_started_at DATETIME(6)  NOT NULL COMMENT 'the first attempt of the window; the window is auth.lockout.window',
    attempts          INT          NOT NULL,
    PRIMARY KEY (email),
    INDEX ix_login_attempts_window (window_started_at)
) ENGINE = InnoDB;
