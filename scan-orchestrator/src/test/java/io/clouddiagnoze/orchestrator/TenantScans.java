package io.clouddiagnoze.orchestrator;

import static io.restassured.RestAssured.given;

import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestKafka;
import io.clouddiagnoze.testsupport.TestTokens;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test of one new tenant's scans, driven through the API and the broker, and of what the API then answers it. */
abstract class TenantScans {
    TestDatabase database;
    TestKafka kafka;
    ScanDriver driver;
    long tenant;

    @BeforeEach
    void connect() throws Exception {
        driver = new ScanDriver(kafka.bootstrapServers());
        tenant = Fixtures.tenant(database);
    }

    @AfterEach
    void disconnect() {
        driver.close();
    }

    /** A request signed in as {@code tenant}. */
    static RequestSpecification as(long tenant) {
        return given().auth().oauth2(TestTokens.user(tenant));
    }
}
