package io.clouddiagnoze.testsupport;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.util.function.Consumer;
import java.util.Properties;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka broker for tests: the one at {@code KAFKA_BOOTSTRAP_SERVERS} when that is set, a
 * KRaft broker in a container where a container engine is present, otherwise a KRaft broker started
 * inside the test JVM on 127.0.0.1.
 */
public final class TestKafka implements AutoCloseable {
    private final String bootstrapServers;
    private final AutoCloseable broker;

    private TestKafka(String bootstrapServers, AutoCloseable broker) {
        this.bootstrapServers = bootstrapServers;
        this.broker = broker;
    }

    public static TestKafka start() {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            return new TestKafka(external, () -> { });
        }
        if (ContainerEngine.available()) {
            KafkaContainer container = new KafkaContainer("apache/kafka:4.1.2");
            container.start();
            return new TestKafka(container.getBootstrapServers(), container::stop);
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withKafkaHost("127.0.0.1")
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(singleNodeSettings())
                .start();
        return new TestKafka(broker.getAdvertisedListeners(), broker::close);
    }

    /** Settings a one-broker cluster needs, and a small log cleaner buffer so that a small heap suffices. */
    private static Consumer<Properties> singleNodeSettings() {
        return p -> {
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "4");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("num.partitions", "4");
            p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        };
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        try {
            broker.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the test Kafka broker", e);
        }
    }
}
