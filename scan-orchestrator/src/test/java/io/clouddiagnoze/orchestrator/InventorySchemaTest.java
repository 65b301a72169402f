package io.clouddiagnoze.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.clouddiagnoze.testsupport.TestDatabase;
import io.clouddiagnoze.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inventory's filters, as a client reads them to offer them and as the OpenAPI document declares them. */
@QuarkusTest
class InventorySchemaTest {
    TestDatabase database;
    private long tenant;

    @BeforeEach
    void tenant() throws Exception {
        tenant = Fixtures.tenant(database);
    }

    @Test
    void eachServiceNamesItsFiltersWithLabelsAndTheValuesToOffer() {
        given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/inventory/rds/schema").then().statusCode(200)
                .body("service", equalTo("rds")).body("tags", equalTo(true))
                .body("filters.name", contains("public", "encrypted", "multiAz", "engine"))
                .body("filters.find { it.name == 'multiAz' }.label", equalTo("Multi-AZ"))
                .body("filters.find { it.name == 'public' }.values", contains("true", "false"))
                .body("filters.find { it.name == 'engine' }.values", hasItems("postgres", "aurora-mysql"));
        given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/inventory/ec2/schema").then().statusCode(200)
                .body("tags", equalTo(true)).body("filters.name", contains("state", "publicIp", "imdsV2Required"));
        given().auth().oauth2(TestTokens.user(tenant)).when().get("/api/inventory/lambda/schema").then().statusCode(404);
        given().when().get("/api/inventory/s3/schema").then().statusCode(401);
    }

    @Test
    void theApiDocumentDeclaresEveryFilterOfEveryService() {
        JsonPath document = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> parameters = document.getList("paths.'/api/inventory/{service}'.get.parameters");

        assertThat(parameters).extracting(p -> p.get("name")).contains("region", "page", "size", "state", "publicIp",
                "imdsV2Required", "public", "encrypted", "versioned", "default", "flowLogs", "multiAz", "engine");
        assertThat(parameters).filteredOn(p -> p.get("name").equals("public")).extracting(p -> p.get("description"))
                .containsExactly("Public (s3, rds)");
    }
}
