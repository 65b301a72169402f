package io.clouddiagnoze.testsupport;

import io.clouddiagnoze.contracts.EventCodec;
import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts events on the test broker exactly as they travel on the wire (JSON value, tenant key,
 * CloudEvents and tenant-token headers), to drive a service under test the way its peers would.
 */
public final class TestEvents implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    public TestEvents(String bootstrapServers) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** A producer with these client settings (a broker that wants a sign-in, say) that waits for every replica. */
    public TestEvents(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends {@code event} to {@code topic} with its scan events token, and waits for the broker's acknowledgement. */
    public void send(String topic, String key, Record event, String tenantToken) {
        send(topic, key, EventType.of(event).ceType(), EventCodec.encode(event), tenantToken);
    }

    /** Sends any bytes with any type header, for records a service must refuse. */
    public void send(String topic, String key, String ceType, byte[] value, String tenantToken) {
        send(topic, key, ceType, value, tenantToken == null ? Map.of() : Map.of(EventHeaders.TENANT_TOKEN, tenantToken));
    }

    /** Sends {@code event} with the given token headers (header name to token), as a scan request carries two. */
    public void send(String topic, String key, Record event, Map<String, String> tokens) {
        send(topic, key, EventType.of(event).ceType(), EventCodec.encode(event), tokens);
    }

    private void send(String topic, String key, String ceType, byte[] value, Map<String, String> tokens) {
        Headers headers = headers(ceType, null);
        tokens.forEach((name, token) -> header(headers, name, token));
        send(new ProducerRecord<>(topic, null, key, value, headers));
    }

    /** Sends {@code record} as it is (a copy of one read off a topic, say), and waits for the broker's acknowledgement. */
    public void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send to " + record.topic(), e.getCause());
        }
    }

    /** The CloudEvents headers a scanner or the orchestrator puts on a record, and the tenant token when given. */
    public static Headers headers(String ceType, String tenantToken) {
        Headers headers = new RecordHeaders();
        header(headers, EventHeaders.CE_SPECVERSION, EventHeaders.SPECVERSION);
        header(headers, EventHeaders.CE_ID, UUID.randomUUID().toString());
        header(headers, EventHeaders.CE_SOURCE, "/clouddiagnoze/tests");
        header(headers, EventHeaders.CE_TIME, Instant.now().toString());
        if (ceType != null) {
            header(headers, EventHeaders.CE_TYPE, ceType);
        }
        if (tenantToken != null) {
            header(headers, EventHeaders.TENANT_TOKEN, tenantToken);
        }
        return headers;
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
