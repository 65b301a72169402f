# The database's backups and restores (deploy/database/backup.sh) with the MariaDB client tools of the server's
# version (10.11); the database-backup CronJob (deploy/k8s/31-database-backup-cronjob.yaml) runs it. From the
# repository's root:
#   docker build -f deploy/docker/database-backup.Dockerfile -t clouddiagnoze/database-backup:0.1.0 .
FROM mariadb:10.11
COPY deploy/database/backup.sh /usr/local/bin/clouddiagnoze-backup
USER 10001
ENTRYPOINT ["clouddiagnoze-backup"]
