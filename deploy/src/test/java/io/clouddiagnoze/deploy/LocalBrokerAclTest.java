package io.clouddiagnoze.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker as the launcher runs it ({@code deploy/local/kafka.sh setup}: SASL/SCRAM-SHA-512, the StandardAuthorizer,
 * and the ACLs event-bus-tool.jar applies), spoken to by Kafka's own Java client: who may write a scan request, and
 * who may not. Whoever could write {@code scan-requests.*} could ask a scanner to scan; only scan-orchestrator may.
 */
class LocalBrokerAclTest {
    private static final String REQUESTS = "scan-requests.ec2";
    private static Path runDir;
    private static Map<String, String> environment;
    private static Map<String, String> secrets;
    private static String bootstrap;

    @BeforeAll
    static void startTheLaunchersBroker() throws Exception {
        runDir = Files.createTempDirectory("broker-acl-test");
        int port = freePort();
        bootstrap = "127.0.0.1:" + port;
        environment = Map.of("RUN_DIR", runDir.toString(), "KAFKA_PORT", String.valueOf(port),
                "KAFKA_CONTROLLER_PORT", String.valueOf(freePort()));
        kafkaSh("setup");
        secrets = new HashMap<>();
        for (String line : Files.readAllLines(runDir.resolve("secrets.env"))) {
            String[] pair = line.split("=", 2);
            secrets.put(pair[0], pair[1]);
        }
    }

    @AfterAll
    static void stopIt() throws Exception {
        kafkaSh("stop");
        try (Stream<Path> files = Files.walk(runDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void scanOrchestratorMayWriteAScanRequest() throws Exception {
        try (KafkaProducer<String, String> producer = producer(as("scan-orchestrator", secrets.get("KAFKA_SCAN_ORCHESTRATOR_PASSWORD")))) {
            assertThat(producer.send(new ProducerRecord<>(REQUESTS, "7", "{}")).get(20, TimeUnit.SECONDS).offset()).isNotNegative();
        }
    }

    @Test
    void aScannerMayNotWriteAScanRequest() {
        try (KafkaProducer<String, String> producer = producer(as("ec2-scanner", secrets.get("KAFKA_EC2_SCANNER_PASSWORD")))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(REQUESTS, "7", "{}")).get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aClientThatDoesNotAuthenticateGetsNowhere() {
        Map<String, Object> plain = new HashMap<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        try (KafkaProducer<String, String> producer = producer(plain)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(REQUESTS, "7", "{}")).get(20, TimeUnit.SECONDS))
                    .hasMessageContaining(REQUESTS);
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        try (KafkaProducer<String, String> producer = producer(as("scan-orchestrator", "not-the-password"))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(REQUESTS, "7", "{}")).get(20, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void analyticsMayReadResourceChangesAndWriteNothing() {
        Map<String, Object> analytics = as("analytics", secrets.get("KAFKA_ANALYTICS_PASSWORD"));
        analytics.put(ConsumerConfig.GROUP_ID_CONFIG, "analytics-test");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(analytics, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("resource-changes").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.poll(Duration.ofSeconds(1));
            assertThat(consumer.endOffsets(partitions)).hasSize(8);
            assertThatThrownBy(() -> consumer.partitionsFor(REQUESTS)).isInstanceOf(TopicAuthorizationException.class);
        }
        analytics.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaProducer<String, String> producer = producer(analytics)) {
            // The refusal comes through the send's future, or, when the producer has already been refused its producer
            // id (a race), from send() itself: either way its cause is the broker's authorization error.
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("resource-changes", "7", "{}")).get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(AuthorizationException.class);
        }
    }

    private static Map<String, Object> as(String principal, String password) {
        return new HashMap<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT", SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512",
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + principal + "\" password=\"" + password + "\";"));
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> config) {
        Properties properties = new Properties();
        properties.putAll(config);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private static void kafkaSh(String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", Path.of("..", "deploy", "local", "kafka.sh").toString(), command)
                .redirectErrorStream(true).redirectOutput(runDir.resolve("kafka-sh.log").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroy();
            throw new IllegalStateException("kafka.sh " + command + " failed: " + Files.readString(runDir.resolve("kafka-sh.log")));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
