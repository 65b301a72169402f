package io.clouddiagnoze.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} application a fresh, migrated MariaDB database (see {@link TestDatabase})
 * as its reactive and JDBC datasource, and drops it when the application stops. With the argument
 * {@code replica=true} and the database on this machine's server, a {@link ReplicaServer} of it too, as the application's
 * read replica (its {@code replica} datasource): then every read the replica may serve goes through it.
 */
public class MariaDbTestResource implements QuarkusTestResourceLifecycleManager {
    private TestDatabase database;
    private boolean withReplica;
    private ReplicaServer replica;

    @Override
    public void init(Map<String, String> initArgs) {
        withReplica = Boolean.parseBoolean(initArgs.getOrDefault("replica", "false"));
    }

    @Override
    public Map<String, String> start() {
        database = TestDatabase.createMigrated();
        Map<String, String> settings = new HashMap<>(Map.of(
                "quarkus.datasource.reactive.url", database.reactiveUrl(),
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.adminUser(),
                "quarkus.datasource.password", database.adminPassword(),
                "quarkus.devservices.enabled", "false"));
        if (withReplica && database.onThisMachine()) {
            try {
                replica = ReplicaServer.of(database);
            } catch (Exception e) {
                throw new IllegalStateException("could not make the read replica of " + database.name(), e);
            }
            settings.putAll(Map.of("quarkus.datasource.replica.reactive.url", replica.reactiveUrl(),
                    "clouddiagnoze.database.replica-host", "127.0.0.1", "clouddiagnoze.database.replica-lag-check", "1s"));
        }
        return settings;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(database, new TestInjector.MatchesType(TestDatabase.class));
        if (replica != null) {
            testInjector.injectIntoFields(replica, new TestInjector.MatchesType(ReplicaServer.class));
        }
    }

    @Override
    public void stop() {
        try {
            if (replica != null) {
                replica.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the read replica", e);
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }
}
