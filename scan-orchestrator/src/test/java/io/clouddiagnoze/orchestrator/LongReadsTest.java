package io.clouddiagnoze.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;

import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.resources.Ec2Instance;
import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestKafka;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One tenant's long reads take its share, not everyone's: a flood of its exports is refused past it, others go on. */
@QuarkusTest
class LongReadsTest {
    TestDatabase database;
    TestKafka kafka;

    @Test
    void twentyFiveExportsAtOnceAreRefusedPastTheTenantsShareWhileAnotherTenantIsServed() throws Exception {
        long flooder = Fixtures.tenant(database);
        long other = Fixtures.tenant(database);
        long run;
        try (ScanDriver driver = new ScanDriver(kafka.bootstrapServers())) {
            run = driver.completedScan(flooder, ServiceType.EC2, instances(5_000, "10.1.0.1"));
            driver.completedScan(other, ServiceType.EC2, instances(10, null));
        }
        ExecutorService clients = Executors.newFixedThreadPool(26);
        try {
            List<Future<Response>> exports = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                exports.add(clients.submit(() -> given().auth().oauth2(TestTokens.user(flooder))
                        .when().get("/api/scans/" + run + "/export?format=csv").andReturn()));
            }
            Response inventory = clients.submit(() -> given().auth().oauth2(TestTokens.user(other))
                    .when().get("/api/inventory/ec2").andReturn()).get();

            List<Response> answers = new ArrayList<>();
            for (Future<Response> export : exports) {
                answers.add(export.get());
            }
            assertThat(inventory.statusCode()).isEqualTo(200);
            assertThat(inventory.jsonPath().getLong("resources.total")).isEqualTo(10);
            assertThat(answers).extracting(Response::statusCode).containsOnly(200, 429).contains(200, 429);
            assertThat(answers).filteredOn(a -> a.statusCode() == 200)
                    .allSatisfy(a -> assertThat(a.asString().lines().count()).isEqualTo(5_001));
            assertThat(answers).filteredOn(a -> a.statusCode() == 429).allSatisfy(refused -> {
                assertThat(refused.header("Retry-After")).isEqualTo("5");
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.jsonPath().getString("detail")).contains("long reads");
            });
        } finally {
            clients.shutdownNow();
        }
        // Every place was given back: the tenant exports again.
        given().auth().oauth2(TestTokens.user(flooder)).when().get("/api/scans/" + run + "/export?format=json")
                .then().statusCode(200);
    }

    @Test
    void findingsCountEveryFailingResourceAndPageThroughThem() throws Exception {
        long tenant = Fixtures.tenant(database);
        try (ScanDriver driver = new ScanDriver(kafka.bootstrapServers())) {
            driver.completedScan(tenant, ServiceType.EC2, instances(1_500, "54.0.0.1"));
        }

        JsonPath last = given().auth().oauth2(TestTokens.user(tenant)).queryParam("page", 5).queryParam("size", 500)
                .when().get("/api/findings").then().statusCode(200).extract().jsonPath();

        // Each instance has a public IP and does not require IMDSv2: two medium findings each, six pages of 500.
        assertThat(last.getLong("countBySeverity.medium")).isEqualTo(3_000);
        assertThat(last.getLong("total")).isEqualTo(3_000);
        assertThat(last.getList("findings")).hasSize(500);
        given().auth().oauth2(TestTokens.user(tenant)).queryParam("page", 6).queryParam("size", 500).when().get("/api/findings")
                .then().statusCode(200).body("findings", hasSize(0));
        given().auth().oauth2(TestTokens.user(tenant)).queryParam("size", 501).when().get("/api/findings")
                .then().statusCode(400).contentType("application/problem+json");
    }

    /**
     * Findings and exports read from cursors, each on a prepared statement of its own: every one must be closed when its
     * rows are read. Left open they stayed prepared on the server (13 for every findings answer) until MariaDB's
     * max_prepared_stmt_count refused every new statement of the service (found by the system benchmark: its findings
     * at a year of data got no answer, then starting a scan was a 500).
     */
    @Test
    void readingFromCursorsLeavesNoStatementPreparedOnTheServer() throws Exception {
        long tenant = Fixtures.tenant(database);
        long run;
        try (ScanDriver driver = new ScanDriver(kafka.bootstrapServers())) {
            run = driver.completedScan(tenant, ServiceType.EC2, instances(3, "54.0.0.1"));
        }
        long before = preparedStatements();

        for (int i = 0; i < 100; i++) {
            given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/findings").then().statusCode(200);
            given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/scans/" + run + "/export?format=csv").then().statusCode(200);
        }

        // 1,400 cursors were opened; whatever else the server prepared meanwhile is far fewer than 100.
        assertThat(preparedStatements() - before).isLessThan(100);
    }

    private long preparedStatements() throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet status = statement.executeQuery("SHOW GLOBAL STATUS LIKE 'Prepared_stmt_count'")) {
            status.next();
            return status.getLong(2);
        }
    }

    private static List<Ec2Instance> instances(int count, String publicIp) {
        return IntStream.range(0, count).mapToObj(i -> Fixtures.instance(String.format("i-%06x", i), "us-east-1", publicIp, false))
                .toList();
    }
}
