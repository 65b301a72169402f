-- The fields of the security checks added with CIS AWS Foundations v3.0.0: the deny-HTTP bucket policy (2.1.1), MFA
-- Delete (2.1.2) and the account-level Block Public Access (2.1.4) of a bucket, automatic minor version upgrades of a database (2.3.2), and the rules of a VPC's default
-- security group (5.4). Every column is nullable: rows of earlier scans, and events of scanners that predate these
-- fields, read as unknown, and no check's condition matches an unknown value, so they are not evaluated rather than
-- failed. Nullable columns added last are an instant change in MariaDB: no table is copied. The counts are never
-- negative: the event schema refuses that before a row is written.
ALTER TABLE s3_buckets
    ADD COLUMN secure_transport_required BOOLEAN NULL COMMENT 'the bucket policy denies requests not over TLS; false without a policy',
    ADD COLUMN mfa_delete_enabled        BOOLEAN NULL COMMENT 'versioning requires MFA to delete versions',
    ADD COLUMN account_blocks_public_access BOOLEAN NULL COMMENT 'its account turns on all four account-level Block Public Access settings';

ALTER TABLE rds_instances
    ADD COLUMN auto_minor_version_upgrade BOOLEAN NULL;

ALTER TABLE vpc_instances
    ADD COLUMN default_sg_ingress_rules INT NULL COMMENT 'inbound rules of the default security group, one per source',
    ADD COLUMN default_sg_egress_rules  INT NULL COMMENT 'outbound rules of the default security group, one per destination';
