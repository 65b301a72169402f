-- One database account per service, each allowed only what that service does.
-- Applied by DatabaseSetup after the migrations (table grants need the tables). Placeholders:
-- ${database}, ${auth_account}, ${orchestrator_account}, ${metrics_account}, ${notification_account},
-- ${backup_account} and their ${*_password}.
-- Scanners have no account: they hold no state.
-- Deleting a user or a scan run cascades through foreign keys, which InnoDB applies without asking
-- for privileges on the child tables.

CREATE USER IF NOT EXISTS '${auth_account}'@'%';
ALTER USER '${auth_account}'@'%' IDENTIFIED BY '${auth_password}';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.users TO '${auth_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.refresh_tokens TO '${auth_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.password_resets TO '${auth_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.login_attempts TO '${auth_account}'@'%';
-- To refuse deleting a tenant while one of its scans runs: the view, not scan_runs. The grant on scan_runs' columns it
-- held before is granted and revoked at once, so that it is gone whether or not this database had it.
GRANT SELECT ON `${database}`.scans_in_progress TO '${auth_account}'@'%';
GRANT SELECT (id, user_id, status) ON `${database}`.scan_runs TO '${auth_account}'@'%';
REVOKE SELECT (id, user_id, status) ON `${database}`.scan_runs FROM '${auth_account}'@'%';
GRANT SELECT ON `${database}`.flyway_schema_history TO '${auth_account}'@'%';

CREATE USER IF NOT EXISTS '${orchestrator_account}'@'%';
ALTER USER '${orchestrator_account}'@'%' IDENTIFIED BY '${orchestrator_password}';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.scan_runs TO '${orchestrator_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.stored_batches TO '${orchestrator_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.findings TO '${orchestrator_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.finding_mutes TO '${orchestrator_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.finding_changes TO '${orchestrator_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.ec2_instances TO '${orchestrator_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.s3_buckets TO '${orchestrator_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.vpc_instances TO '${orchestrator_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.rds_instances TO '${orchestrator_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.archived_scan_runs TO '${orchestrator_account}'@'%';
GRANT SELECT, INSERT, DELETE ON `${database}`.archived_sightings TO '${orchestrator_account}'@'%';
GRANT SELECT, UPDATE ON `${database}`.job_leases TO '${orchestrator_account}'@'%';
-- The retention job archives a run with its metrics, deletes them in short batches before the run, and a restore puts
-- them back: it reads, inserts and deletes metric rows, and never changes one (metrics-collector owns the tables).
GRANT SELECT, INSERT, DELETE ON `${database}`.ec2_performance TO '${orchestrator_account}'@'%';
GRANT SELECT, INSERT, DELETE ON `${database}`.s3_performance TO '${orchestrator_account}'@'%';
GRANT SELECT, INSERT, DELETE ON `${database}`.vpc_performance TO '${orchestrator_account}'@'%';
GRANT SELECT, INSERT, DELETE ON `${database}`.rds_performance TO '${orchestrator_account}'@'%';
-- A run's archive carries its resources' hourly rollups, and its restore puts back those that are not online.
GRANT SELECT, INSERT ON `${database}`.performance_hourly TO '${orchestrator_account}'@'%';
-- A tenant's role and ExternalId, to put in its scan requests, and its retention period; never the password hash.
GRANT SELECT (id, role_arn, external_id, retention_months) ON `${database}`.users TO '${orchestrator_account}'@'%';
GRANT SELECT ON `${database}`.flyway_schema_history TO '${orchestrator_account}'@'%';
-- A read replica's lag, on /q/metrics: SHOW SLAVE STATUS on the replica, which has the primary's accounts.
GRANT SLAVE MONITOR ON *.* TO '${orchestrator_account}'@'%';

CREATE USER IF NOT EXISTS '${metrics_account}'@'%';
ALTER USER '${metrics_account}'@'%' IDENTIFIED BY '${metrics_password}';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.ec2_performance TO '${metrics_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.s3_performance TO '${metrics_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.vpc_performance TO '${metrics_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.rds_performance TO '${metrics_account}'@'%';
-- The resource rows its metrics point to, and the tenant's role to reach CloudWatch with.
GRANT SELECT ON `${database}`.ec2_instances TO '${metrics_account}'@'%';
GRANT SELECT ON `${database}`.s3_buckets TO '${metrics_account}'@'%';
GRANT SELECT ON `${database}`.vpc_instances TO '${metrics_account}'@'%';
GRANT SELECT ON `${database}`.rds_instances TO '${metrics_account}'@'%';
GRANT SELECT (id, role_arn, external_id) ON `${database}`.users TO '${metrics_account}'@'%';
-- When the tenant's oldest online scan of a service was made: the rollups before it are what retention archived.
GRANT SELECT (user_id, service_type, scan_timestamp) ON `${database}`.scan_runs TO '${metrics_account}'@'%';
-- Its hourly rollups, and the lease of the pass that keeps the raw points' window.
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.performance_hourly TO '${metrics_account}'@'%';
GRANT SELECT, UPDATE ON `${database}`.job_leases TO '${metrics_account}'@'%';
GRANT SLAVE MONITOR ON *.* TO '${metrics_account}'@'%';
GRANT SELECT ON `${database}`.flyway_schema_history TO '${metrics_account}'@'%';

CREATE USER IF NOT EXISTS '${notification_account}'@'%';
ALTER USER '${notification_account}'@'%' IDENTIFIED BY '${notification_password}';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.alert_channels TO '${notification_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.alert_rules TO '${notification_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.alert_rule_channels TO '${notification_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.alert_deliveries TO '${notification_account}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `${database}`.alert_digest_items TO '${notification_account}'@'%';
GRANT SELECT ON `${database}`.flyway_schema_history TO '${notification_account}'@'%';

-- The daily backup (deploy/database/backup.sh take): mariadb-dump --single-transaction --master-data=2 reads every table,
-- view, trigger and event in one snapshot, which it opens under a moment's FLUSH TABLES WITH READ LOCK (RELOAD), and
-- writes the binary log position of that snapshot (BINLOG MONITOR). It may change nothing; a restore is the
-- administrator's.
CREATE USER IF NOT EXISTS '${backup_account}'@'%';
ALTER USER '${backup_account}'@'%' IDENTIFIED BY '${backup_password}';
GRANT SELECT, SHOW VIEW, TRIGGER, LOCK TABLES, EVENT ON `${database}`.* TO '${backup_account}'@'%';
GRANT RELOAD, BINLOG MONITOR ON *.* TO '${backup_account}'@'%';
