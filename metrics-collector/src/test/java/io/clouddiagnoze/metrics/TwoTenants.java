package io.clouddiagnoze.metrics;

import static io.restassured.RestAssured.given;

import io.clouddiagnoze.metrics.store.PerformanceRepository;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestTokens;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/** Tests of what a tenant stores and reads: two fresh tenants each, the repository that stores points, and the API as one. */
abstract class TwoTenants extends TestInfrastructure {
    TestDatabase database;
    @Inject
    PerformanceRepository repository;
    long tenant;
    long other;

    @BeforeEach
    void twoTenants() throws Exception {
        tenant = database.tenant(null, "cd-" + UUID.randomUUID());
        other = database.tenant(null, "cd-" + UUID.randomUUID());
    }

    static RequestSpecification as(long tenant) {
        return given().auth().oauth2(TestTokens.user(tenant));
    }
}
