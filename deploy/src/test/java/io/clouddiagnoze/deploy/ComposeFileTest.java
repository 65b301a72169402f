package io.clouddiagnoze.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.clouddiagnoze.bus.BusAccess;
import io.clouddiagnoze.bus.BusAccess.Principal;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The docker-compose file runs the whole stack, each long-running part with a health check, in dependency
 * order (read with merge keys resolved, as docker-compose reads it), and every Kafka client signs in as its own
 * principal of the event bus.
 */
class ComposeFileTest {
    private static final List<String> PARTS = List.of("mariadb", "mariadb-replica", "kafka", "database-setup", "event-bus-setup", "aws-emulator",
            "auth-service", "scan-orchestrator", "metrics-collector", "notification-service", "ec2-scanner", "s3-scanner", "vpc-scanner", "rds-scanner",
            "gateway");
    /** The one-shot parts, which run to completion instead of staying healthy. */
    private static final Set<String> ONE_SHOT = Set.of("database-setup", "event-bus-setup");
    private static final String ADMIN_PASSWORD = "KAFKA_ADMIN_PASSWORD";

    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of("..", "docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyPartIsThereWithAHealthCheckAndTheGatewayServesTheSharedConfigurationAndTheConsole() throws IOException {
        assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(PARTS);
        for (String name : PARTS) {
            if (!ONE_SHOT.contains(name)) {
                assertThat((Map<String, Object>) services.get(name).get("healthcheck")).as(name + " has a health check")
                        .containsKey("test");
            }
        }
        Map<String, String> gatewayBuild = (Map<String, String>) services.get("gateway").get("build");
        String gatewayImage = Files.readString(Path.of("..", gatewayBuild.get("dockerfile")));
        assertThat(gatewayImage).as("the gateway image holds the shared configuration and the web console")
                .contains("COPY deploy/gateway/nginx.conf.template ").contains("npm run build").contains("/console/dist");
        assertThat(dependencies("scan-orchestrator").get("database-setup")).containsEntry("condition", "service_completed_successfully");
        assertThat(environment("scan-orchestrator")).containsKeys("DB_HOST", "KAFKA_BOOTSTRAP_SERVERS", "DB_PASSWORD");
    }

    @Test
    void theReadsThatMayLagGoToTheReplicaWhichReplicatesThePrimary() {
        assertThat(environment("mariadb-replica")).containsEntry("MARIADB_MASTER_HOST", "mariadb")
                .containsEntry("MARIADB_REPLICATION_USER", environment("mariadb").get("MARIADB_REPLICATION_USER"));
        for (String reader : List.of("scan-orchestrator", "metrics-collector")) {
            assertThat(environment(reader)).as(reader).containsEntry("DB_REPLICA_HOST", "mariadb-replica");
        }
        services.keySet().stream().filter(name -> !List.of("scan-orchestrator", "metrics-collector").contains(name))
                .forEach(name -> assertThat(environment(name)).as(name).doesNotContainKey("DB_REPLICA_HOST"));
    }

    @Test
    void everyKafkaClientSignsInAsItsOwnPrincipalOnceTheBusIsSetUp() {
        Set<String> clients = services.keySet().stream().filter(name -> !ONE_SHOT.contains(name))
                .filter(name -> environment(name).containsKey("KAFKA_BOOTSTRAP_SERVERS")).collect(Collectors.toSet());
        Set<String> principalsThatRun = BusAccess.principals().stream().map(Principal::name).filter(services::containsKey)
                .collect(Collectors.toSet());
        assertThat(clients).as("the Kafka clients are the principals that run here").isNotEmpty().isEqualTo(principalsThatRun);
        for (Principal principal : BusAccess.principals()) {
            if (!clients.contains(principal.name())) {
                continue;
            }
            Map<String, Object> environment = environment(principal.name());
            assertThat(environment).as(principal.name()).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                    .containsEntry("KAFKA_SASL_USERNAME", principal.name());
            assertThat(String.valueOf(environment.get("KAFKA_SASL_PASSWORD"))).as(principal.name() + "'s password")
                    .matches(reference(principal.passwordVariable()));
            assertThat(kafkaPasswordsReferenced(principal.name())).as(principal.name() + " is given its own password alone")
                    .containsExactly(principal.passwordVariable());
            assertThat(dependencies(principal.name()).get("event-bus-setup")).as(principal.name() + " waits for the bus's setup")
                    .containsEntry("condition", "service_completed_successfully");
        }
        services.keySet().stream().filter(name -> !clients.contains(name) && !name.equals("event-bus-setup") && !name.equals("kafka"))
                .forEach(name -> assertThat(kafkaPasswordsReferenced(name)).as(name + " holds no Kafka password").isEmpty());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBusSetupRunsTheEventBusToolAsAdminWithEveryPrincipalsPassword() {
        Map<String, Object> setup = services.get("event-bus-setup");
        Map<String, Object> args = (Map<String, Object>) ((Map<String, Object>) setup.get("build")).get("args");
        assertThat(args).containsEntry("APP", "event-bus/target");
        assertThat(String.valueOf(args.get("JAR"))).startsWith("event-bus-").endsWith("-tool.jar");
        assertThat((List<String>) setup.get("command")).containsExactly("setup");
        Map<String, Object> environment = environment("event-bus-setup");
        assertThat(environment).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092").containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        for (String variable : passwordVariables()) {
            assertThat(String.valueOf(environment.get(variable))).as(variable).matches(reference(variable));
        }
        assertThat(dependencies("event-bus-setup").get("kafka")).containsEntry("condition", "service_healthy");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBrokerRunsTheLaunchersSettingsInTheImageOfTheClientsKafkaVersion() throws IOException {
        Map<String, Object> kafka = services.get("kafka");
        assertThat(kafka.get("image")).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
        assertThat((List<String>) kafka.get("volumes")).contains("./deploy/kafka:/opt/clouddiagnoze/kafka:ro");
        List<String> entrypoint = (List<String>) kafka.get("entrypoint");
        assertThat(entrypoint).containsExactly("bash", "/opt/clouddiagnoze/kafka/entrypoint.sh");
        assertThat(Path.of("kafka", "entrypoint.sh")).exists();
        assertThat(String.valueOf(environment("kafka").get(ADMIN_PASSWORD))).matches(reference(ADMIN_PASSWORD));
        assertThat(Files.readString(Path.of("local", "kafka.sh"))).as("the launcher renders the same template")
                .contains("source \"$repo/deploy/kafka/broker-config.sh\"");
        assertThat(Files.readString(Path.of("kafka", "entrypoint.sh"))).contains("source \"$here/broker-config.sh\"");
    }

    @Test
    void envExampleNamesEveryKafkaPasswordWithAPlaceholder() throws IOException {
        Map<String, String> example = Files.readAllLines(Path.of("..", ".env.example")).stream()
                .filter(line -> !line.startsWith("#") && line.contains("="))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')), line -> line.substring(line.indexOf('=') + 1)));
        for (String variable : passwordVariables()) {
            assertThat(example.get(variable)).as(variable + " in .env.example").isNotNull().startsWith("change-me-");
        }
    }

    /** KAFKA_ADMIN_PASSWORD and every principal's password variable. */
    private static List<String> passwordVariables() {
        return Stream.concat(Stream.of(ADMIN_PASSWORD), BusAccess.principals().stream().map(Principal::passwordVariable)).toList();
    }

    /** The Kafka password variables a service's environment interpolates. */
    private static List<String> kafkaPasswordsReferenced(String service) {
        String values = environment(service).values().stream().map(String::valueOf).collect(Collectors.joining("\n"));
        return passwordVariables().stream().filter(variable -> Pattern.compile(reference(variable)).matcher(values).find()).toList();
    }

    /** A compose interpolation of {@code variable}: {@code ${VARIABLE}} or {@code ${VARIABLE:?message}}. */
    private static String reference(String variable) {
        return "\\$\\{" + variable + "(:\\?[^}]*)?\\}";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) {
        Map<String, Object> environment = (Map<String, Object>) services.get(service).get("environment");
        return environment == null ? Map.of() : environment;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> dependencies(String service) {
        Map<String, Map<String, String>> dependencies = (Map<String, Map<String, String>>) services.get(service).get("depends_on");
        return dependencies == null ? Map.of() : dependencies;
    }
}
