-- Run by the mariadb image's entry point on the read replica's first start (docker-compose.yml, mariadb-replica), after
-- it has pointed replication at MARIADB_MASTER_HOST: the primary takes TLS connections only, so replication connects
-- over TLS and checks the primary's certificate against the stack's database CA.
STOP SLAVE;
CHANGE MASTER TO MASTER_SSL = 1, MASTER_SSL_CA = '/run/secrets/database_ca', MASTER_SSL_VERIFY_SERVER_CERT = 1;
START SLAVE;
