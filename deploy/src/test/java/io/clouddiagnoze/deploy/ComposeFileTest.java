package io.clouddiagnoze.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The docker-compose file runs the whole stack, each long-running part with a health check, in dependency
 * order (read with merge keys resolved, as docker-compose reads it).
 */
class ComposeFileTest {
    private static final List<String> PARTS = List.of("mariadb", "kafka", "database-setup", "aws-emulator", "auth-service",
            "scan-orchestrator", "metrics-collector", "ec2-scanner", "s3-scanner", "vpc-scanner", "rds-scanner", "gateway");

    @Test
    @SuppressWarnings("unchecked")
    void everyPartIsThereWithAHealthCheckAndTheGatewayServesTheSharedConfigurationAndTheConsole() throws IOException {
        Map<String, Object> compose;
        try (Reader reader = Files.newBufferedReader(Path.of("..", "docker-compose.yml"))) {
            compose = new Yaml().load(reader);
        }
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(PARTS);
        for (String name : PARTS) {
            if (!name.equals("database-setup")) {
                assertThat((Map<String, Object>) services.get(name).get("healthcheck")).as(name + " has a health check")
                        .containsKey("test");
            }
        }
        Map<String, String> gatewayBuild = (Map<String, String>) services.get("gateway").get("build");
        String gatewayImage = Files.readString(Path.of("..", gatewayBuild.get("dockerfile")));
        assertThat(gatewayImage).as("the gateway image holds the shared configuration and the web console")
                .contains("COPY deploy/gateway/nginx.conf.template ").contains("npm run build").contains("/console/dist");
        Map<String, Map<String, String>> after = (Map<String, Map<String, String>>) services.get("scan-orchestrator").get("depends_on");
        assertThat(after.get("database-setup")).containsEntry("condition", "service_completed_successfully");
        Map<String, String> orchestrator = (Map<String, String>) services.get("scan-orchestrator").get("environment");
        assertThat(orchestrator).containsKeys("DB_HOST", "KAFKA_BOOTSTRAP_SERVERS", "DB_PASSWORD");
    }
}
