-- Columns sized for the values AWS really answers (contracts' FieldLimits states each width, and the event schemas
-- the same maxLength). The seed's 32 characters refused real RDS values, such as the Oracle engine version
-- '19.0.0.0.ru-2024-04.rur-2024-04.r1' (34) and the status 'inaccessible-encryption-credentials' (35), and with
-- them every later batch of every tenant. Words AWS picks from lists it may extend (types, states, engines,
-- classes, statuses) and versions now hold 63 characters: the most a utf8mb4 VARCHAR keeps with a one-byte
-- length, so MariaDB widens them instantly, without copying a table that holds a year of scans.

ALTER TABLE ec2_instances
    MODIFY instance_type VARCHAR(63) NULL,
    MODIFY state VARCHAR(63) NULL,
    ALGORITHM = INSTANT;

ALTER TABLE vpc_instances
    MODIFY state VARCHAR(63) NULL,
    ALGORITHM = INSTANT;

ALTER TABLE rds_instances
    MODIFY engine VARCHAR(63) NOT NULL,
    MODIFY engine_version VARCHAR(63) NULL,
    MODIFY instance_class VARCHAR(63) NULL,
    MODIFY status VARCHAR(63) NULL,
    ALGORITHM = INSTANT;
