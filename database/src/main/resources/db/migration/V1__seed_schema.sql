-- The seed's ten tables: tenants (users), scan runs (the receipts), the resources each scan found,
-- and the CloudWatch metrics of those resources. Instants are stored in UTC.
-- Ownership: auth-service writes users; scan-orchestrator writes scan_runs and the resource tables;
-- metrics-collector writes the *_performance tables (see db/accounts.sql).

CREATE TABLE users (
    id              BIGINT        NOT NULL AUTO_INCREMENT,
    email           VARCHAR(254)  NOT NULL,
    password_hash   VARCHAR(100)  NOT NULL,
    company_name    VARCHAR(200)  NOT NULL,
    role_arn        VARCHAR(2048) NULL,
    external_id     VARCHAR(64)   NOT NULL COMMENT 'the ExternalId the tenant must require in its role trust policy',
    created_at      DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at      DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    CONSTRAINT uk_users_email UNIQUE (email),
    CONSTRAINT uk_users_external_id UNIQUE (external_id)
) ENGINE = InnoDB;

CREATE TABLE scan_runs (
    id                BIGINT        NOT NULL AUTO_INCREMENT,
    user_id           BIGINT        NOT NULL,
    service_type      ENUM ('ec2', 's3', 'vpc', 'rds') NOT NULL,
    scan_timestamp    DATETIME(6)   NOT NULL COMMENT 'when the scan was requested',
    status            ENUM ('in_progress', 'success', 'error') NOT NULL DEFAULT 'in_progress',
    total_resources   INT           NOT NULL DEFAULT 0,
    requested_regions JSON          NOT NULL DEFAULT '[]' COMMENT 'empty: every enabled region',
    region_outcomes   JSON          NULL COMMENT 'per region: ok, error with reason, skipped',
    error_detail      VARCHAR(4000) NULL,
    finished_at       DATETIME(6)   NULL,
    created_at        DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at        DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    -- Lets every resource row name its tenant and scan run together in one foreign key, so that a
    -- resource can never be written under a scan run of another tenant.
    CONSTRAINT uk_scan_runs_id_user UNIQUE (id, user_id),
    CONSTRAINT fk_scan_runs_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT ck_scan_runs_requested_regions CHECK (JSON_VALID(requested_regions)),
    CONSTRAINT ck_scan_runs_region_outcomes CHECK (region_outcomes IS NULL OR JSON_VALID(region_outcomes)),
    CONSTRAINT ck_scan_runs_total_resources CHECK (total_resources >= 0),
    INDEX ix_scan_runs_user_service_time (user_id, service_type, scan_timestamp),
    INDEX ix_scan_runs_status_updated (status, updated_at)
) ENGINE = InnoDB;

CREATE TABLE ec2_instances (
    id                 BIGINT       NOT NULL AUTO_INCREMENT,
    scan_run_id        BIGINT       NOT NULL,
    client_id          BIGINT       NOT NULL COMMENT 'the tenant (users.id)',
    scan_timestamp     DATETIME(6)  NOT NULL,
    instance_id        VARCHAR(32)  NOT NULL,
    instance_type      VARCHAR(32)  NULL,
    state              VARCHAR(16)  NULL,
    region             VARCHAR(32)  NOT NULL,
    public_ip          VARCHAR(45)  NULL,
    private_ip         VARCHAR(45)  NULL,
    tags               JSON         NOT NULL DEFAULT '{}',
    vpc_id             VARCHAR(32)  NULL,
    subnet_id          VARCHAR(32)  NULL,
    launch_time        DATETIME(6)  NULL,
    image_id           VARCHAR(32)  NULL,
    imdsv2_required    BOOLEAN      NOT NULL DEFAULT FALSE,
    security_group_ids JSON         NOT NULL DEFAULT '[]',
    open_ingress       JSON         NOT NULL DEFAULT '[]' COMMENT 'security group rules open to 0.0.0.0/0 or ::/0',
    created_at         DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    CONSTRAINT uk_ec2_instances_natural UNIQUE (scan_run_id, client_id, instance_id),
    CONSTRAINT fk_ec2_instances_scan_run FOREIGN KEY (scan_run_id, client_id)
        REFERENCES scan_runs (id, user_id) ON DELETE CASCADE,
    CONSTRAINT ck_ec2_instances_tags CHECK (JSON_VALID(tags)),
    CONSTRAINT ck_ec2_instances_security_group_ids CHECK (JSON_VALID(security_group_ids)),
    CONSTRAINT ck_ec2_instances_open_ingress CHECK (JSON_VALID(open_ingress)),
    INDEX ix_ec2_instances_client_instance (client_id, instance_id, scan_timestamp)
) ENGINE = InnoDB;

CREATE TABLE s3_buckets (
    id                      BIGINT        NOT NULL AUTO_INCREMENT,
    scan_run_id             BIGINT        NOT NULL,
    client_id               BIGINT        NOT NULL COMMENT 'the tenant (users.id)',
    scan_timestamp          DATETIME(6)   NOT NULL,
    bucket_name             VARCHAR(63)   NOT NULL,
    region                  VARCHAR(32)   NOT NULL,
    is_public               BOOLEAN       NOT NULL,
    is_encrypted            BOOLEAN       NOT NULL,
    encryption_type         ENUM ('none', 'sse-s3', 'sse-kms') NOT NULL DEFAULT 'none',
    versioning_enabled      BOOLEAN       NOT NULL,
    total_size_gb           DECIMAL(20, 6) NULL COMMENT 'null when CloudWatch had no size',
    block_public_acls       BOOLEAN       NULL COMMENT 'public access block flags; null when the bucket has no block',
    ignore_public_acls      BOOLEAN       NULL,
    block_public_policy     BOOLEAN       NULL,
    restrict_public_buckets BOOLEAN       NULL,
    creation_date           DATETIME(6)   NULL,
    created_at              DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    CONSTRAINT uk_s3_buckets_natural UNIQUE (scan_run_id, client_id, bucket_name),
    CONSTRAINT fk_s3_buckets_scan_run FOREIGN KEY (scan_run_id, client_id)
        REFERENCES scan_runs (id, user_id) ON DELETE CASCADE,
    CONSTRAINT ck_s3_buckets_size CHECK (total_size_gb IS NULL OR total_size_gb >= 0),
    INDEX ix_s3_buckets_client_bucket (client_id, bucket_name, scan_timestamp)
) ENGINE = InnoDB;

CREATE TABLE vpc_instances (
    id                     BIGINT       NOT NULL AUTO_INCREMENT,
    scan_run_id            BIGINT       NOT NULL,
    client_id              BIGINT       NOT NULL COMMENT 'the tenant (users.id)',
    scan_timestamp         DATETIME(6)  NOT NULL,
    vpc_id                 VARCHAR(32)  NOT NULL,
    cidr_block             VARCHAR(64)  NULL,
    additional_cidr_blocks JSON         NOT NULL DEFAULT '[]',
    is_default             BOOLEAN      NOT NULL,
    subnet_count           INT          NOT NULL DEFAULT 0,
    state                  VARCHAR(16)  NULL,
    region                 VARCHAR(32)  NOT NULL,
    tags                   JSON         NOT NULL DEFAULT '{}',
    flow_logs_enabled      BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at             DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    CONSTRAINT uk_vpc_instances_natural UNIQUE (scan_run_id, client_id, vpc_id),
    CONSTRAINT fk_vpc_instances_scan_run FOREIGN KEY (scan_run_id, client_id)
        REFERENCES scan_runs (id, user_id) ON DELETE CASCADE,
    CONSTRAINT ck_vpc_instances_additional_cidr_blocks CHECK (JSON_VALID(additional_cidr_blocks)),
    CONSTRAINT ck_vpc_instances_tags CHECK (JSON_VALID(tags)),
    CONSTRAINT ck_vpc_instances_subnet_count CHECK (subnet_count >= 0),
    INDEX ix_vpc_instances_client_vpc (client_id, vpc_id, scan_timestamp)
) ENGINE = InnoDB;

CREATE TABLE rds_instances (
    id                    BIGINT       NOT NULL AUTO_INCREMENT,
    scan_run_id           BIGINT       NOT NULL,
    client_id             BIGINT       NOT NULL COMMENT 'the tenant (users.id)',
    scan_timestamp        DATETIME(6)  NOT NULL,
    db_identifier         VARCHAR(63)  NOT NULL,
    engine                VARCHAR(32)  NOT NULL,
    engine_version        VARCHAR(32)  NULL,
    storage_gb            INT          NOT NULL,
    is_public             BOOLEAN      NOT NULL,
    backup_retention_days INT          NOT NULL,
    storage_encrypted     BOOLEAN      NOT NULL,
    multi_az              BOOLEAN      NOT NULL,
    instance_class        VARCHAR(32)  NULL,
    status                VARCHAR(32)  NULL,
    deletion_protection   BOOLEAN      NOT NULL DEFAULT FALSE,
    region                VARCHAR(32)  NOT NULL,
    created_at            DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    -- DB identifiers are unique per account and region, not across regions.
    CONSTRAINT uk_rds_instances_natural UNIQUE (scan_run_id, client_id, region, db_identifier),
    CONSTRAINT fk_rds_instances_scan_run FOREIGN KEY (scan_run_id, client_id)
        REFERENCES scan_runs (id, user_id) ON DELETE CASCADE,
    CONSTRAINT ck_rds_instances_storage CHECK (storage_gb >= 0),
    CONSTRAINT ck_rds_instances_backup CHECK (backup_retention_days >= 0),
    INDEX ix_rds_instances_client_db (client_id, db_identifier, scan_timestamp)
) ENGINE = InnoDB;

-- Metrics: one row per resource row and period start; a redelivered or re-collected point hits the
-- unique key instead of adding a row.

CREATE TABLE ec2_performance (
    id              BIGINT         NOT NULL AUTO_INCREMENT,
    ec2_instance_id BIGINT         NOT NULL,
    client_id       BIGINT         NOT NULL COMMENT 'the tenant (users.id)',
    `timestamp`     DATETIME(6)    NOT NULL COMMENT 'start of the metric period',
    cpu_utilization DECIMAL(7, 4)  NULL COMMENT 'percent',
    network_in      DECIMAL(20, 2) NULL COMMENT 'bytes',
    network_out     DECIMAL(20, 2) NULL COMMENT 'bytes',
    created_at      DATETIME(6)    NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    CONSTRAINT uk_ec2_performance_point UNIQUE (ec2_instance_id, `timestamp`),
    CONSTRAINT fk_ec2_performance_instance FOREIGN KEY (ec2_instance_id)
        REFERENCES ec2_instances (id) ON DELETE CASCADE,
    INDEX ix_ec2_performance_client_time (client_id, `timestamp`)
) ENGINE = InnoDB;

CREATE TABLE s3_performance (
    id                BIGINT         NOT NULL AUTO_INCREMENT,
    s3_bucket_id      BIGINT         NOT NULL,
    client_id         BIGINT         NOT NULL COMMENT 'the tenant (users.id)',
    `timestamp`       DATETIME(6)    NOT NULL COMMENT 'start of the metric period',
    bucket_size_bytes DECIMAL(24, 0) NULL COMMENT 'summed over storage types',
    number_of_objects DECIMAL(20, 0) NULL,
    all_requests      DECIMAL(20, 0) NULL COMMENT 'null where the bucket has no request metrics',
    get_requests      DECIMAL(20, 0) NULL,
    put_requests      DECIMAL(20, 0) NULL,
    created_at        DATETIME(6)    NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    CONSTRAINT uk_s3_performance_point UNIQUE (s3_bucket_id, `timestamp`),
    CONSTRAINT fk_s3_performance_bucket FOREIGN KEY (s3_bucket_id)
        REFERENCES s3_buckets (id) ON DELETE CASCADE,
    INDEX ix_s3_performance_client_time (client_id, `timestamp`)
) ENGINE = InnoDB;

CREATE TABLE vpc_performance (
    id                BIGINT         NOT NULL AUTO_INCREMENT,
    vpc_instance_id   BIGINT         NOT NULL,
    client_id         BIGINT         NOT NULL COMMENT 'the tenant (users.id)',
    `timestamp`       DATETIME(6)    NOT NULL COMMENT 'start of the metric period',
    network_in_bytes  DECIMAL(20, 2) NULL,
    network_out_bytes DECIMAL(20, 2) NULL,
    created_at        DATETIME(6)    NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    CONSTRAINT uk_vpc_performance_point UNIQUE (vpc_instance_id, `timestamp`),
    CONSTRAINT fk_vpc_performance_vpc FOREIGN KEY (vpc_instance_id)
        REFERENCES vpc_instances (id) ON DELETE CASCADE,
    INDEX ix_vpc_performance_client_time (client_id, `timestamp`)
) ENGINE = InnoDB;

CREATE TABLE rds_performance (
    id                   BIGINT         NOT NULL AUTO_INCREMENT,
    rds_instance_id      BIGINT         NOT NULL,
    client_id            BIGINT         NOT NULL COMMENT 'the tenant (users.id)',
    `timestamp`          DATETIME(6)    NOT NULL COMMENT 'start of the metric period',
    database_connections DECIMAL(12, 4) NULL,
    cpu_utilization      DECIMAL(7, 4)  NULL COMMENT 'percent',
    free_storage_bytes   DECIMAL(22, 0) NULL,
    created_at           DATETIME(6)    NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    CONSTRAINT uk_rds_performance_point UNIQUE (rds_instance_id, `timestamp`),
    CONSTRAINT fk_rds_performance_instance FOREIGN KEY (rds_instance_id)
        REFERENCES rds_instances (id) ON DELETE CASCADE,
    INDEX ix_rds_performance_client_time (client_id, `timestamp`)
) ENGINE = InnoDB;
