package io.clouddiagnoze.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clouddiagnoze.contracts.EventSchemas;
import io.clouddiagnoze.contracts.EventType;
import io.clouddiagnoze.contracts.resources.DiscoveredResource;
import io.clouddiagnoze.orchestrator.resources.Column;
import io.clouddiagnoze.orchestrator.resources.ResourceTable;
import io.clouddiagnoze.orchestrator.resources.ResourceTables;
import io.clouddiagnoze.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every text an event carries fits the column that keeps it: the event schema's {@code maxLength} is the column's
 * width, so a value a scanner sends is never refused by the database for its length.
 */
class ColumnWidthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase database;

    @BeforeAll
    static void migrate() {
        database = TestDatabase.createMigrated();
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @Test
    void everyTextColumnOfTheResourceTablesIsAsWideAsItsFieldInTheSchema() throws Exception {
        JsonNode defs = schema(EventType.RESOURCES_DISCOVERED).get("$defs");
        List<String> checked = new ArrayList<>();
        for (ResourceTable<?> table : ResourceTables.all()) {
            JsonNode properties = defs.get(typeName(table.type())).get("properties");
            for (Column<?> column : table.columns()) {
                JsonNode field = properties.get(column.field());
                if (column.kind() != Column.Kind.TEXT || !"string".equals(field.path("type").asText())) {
                    continue; // booleans, numbers, JSON, and enumerations that the column declares as an ENUM
                }
                assertThat(width(table.table(), column.name())).as(table.table() + "." + column.name())
                        .isEqualTo(field.get("maxLength").asInt());
                checked.add(table.table() + "." + column.name());
            }
        }
        assertThat(checked).contains("rds_instances.engine_version", "rds_instances.status", "ec2_instances.instance_type")
                .hasSizeGreaterThan(20);
    }

    @Test
    void theRunsErrorAndTheTenantsRoleAreAsWideAsTheirFields() throws Exception {
        assertThat(width("scan_runs", "error_detail"))
                .isEqualTo(schema(EventType.SCAN_RESULT).at("/properties/error/maxLength").asInt());
        JsonNode request = schema(EventType.SCAN_REQUESTED).get("properties");
        assertThat(width("users", "role_arn")).isEqualTo(request.at("/roleArn/maxLength").asInt());
        assertThat(width("users", "external_id")).isEqualTo(request.at("/externalId/maxLength").asInt());
    }

    private static JsonNode schema(EventType type) throws Exception {
        return JSON.readTree(EventSchemas.schemaText(type));
    }

    /** The name a resource type has on the wire, which names its definition in the schema. */
    private static String typeName(Class<?> type) {
        return Arrays.stream(DiscoveredResource.class.getAnnotation(JsonSubTypes.class).value())
                .filter(subtype -> subtype.value() == type).findFirst().orElseThrow().name();
    }

    private static int width(String table, String column) throws Exception {
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement("SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS"
                     + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
            query.setString(1, database.name());
            query.setString(2, table);
            query.setString(3, column);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as(table + "." + column + " exists").isTrue();
                return rows.getInt(1);
            }
        }
    }
}
