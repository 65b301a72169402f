package io.clouddiagnoze.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} application a fresh, migrated MariaDB database (see {@link TestDatabase})
 * as its reactive and JDBC datasource, and drops it when the application stops.
 */
public class MariaDbTestResource implements QuarkusTestResourceLifecycleManager {
    private TestDatabase database;

    @Override
    public Map<String, String> start() {
        database = TestDatabase.createMigrated();
        return Map.of(
                "quarkus.datasource.reactive.url", database.reactiveUrl(),
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.adminUser(),
                "quarkus.datasource.password", database.adminPassword(),
                "quarkus.devservices.enabled", "false");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(database, new TestInjector.MatchesType(TestDatabase.class));
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
