package io.clouddiagnoze.events;

import io.clouddiagnoze.contracts.EventCodec;
import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.EventType;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Builds the Kafka message of an event: its JSON as the value, the tenant id as the key (ordering per
 * tenant), CloudEvents binary-mode headers, and the scan tokens the event carries (header name to token).
 */
public final class EventMessages {
    private EventMessages() {
    }

    /** The message for {@code event} on its channel's topic. */
    public static Message<byte[]> of(Record event, String key, Map<String, String> tokens, String source) {
        return build(event, EventCodec.encode(event), key, tokens, source, null);
    }

    /** The same, for an event already encoded as {@code json} (by {@link EventCodec#encode}), e.g. to measure it. */
    public static Message<byte[]> of(Record event, byte[] json, String key, Map<String, String> tokens, String source) {
        return build(event, json, key, tokens, source, null);
    }

    /** The message for {@code event} on {@code topic}, for channels whose topic varies per message. */
    public static Message<byte[]> to(String topic, Record event, String key, Map<String, String> tokens, String source) {
        return build(event, EventCodec.encode(event), key, tokens, source, topic);
    }

    private static Message<byte[]> build(Record event, byte[] json, String key, Map<String, String> tokens, String source,
                                         String topic) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, EventHeaders.CE_SPECVERSION, EventHeaders.SPECVERSION);
        add(headers, EventHeaders.CE_ID, UUID.randomUUID().toString());
        add(headers, EventHeaders.CE_TYPE, EventType.of(event).ceType());
        add(headers, EventHeaders.CE_SOURCE, source);
        add(headers, EventHeaders.CE_TIME, Instant.now().toString());
        add(headers, EventHeaders.CONTENT_TYPE, EventHeaders.JSON);
        tokens.forEach((header, token) -> add(headers, header, token));
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers);
        if (topic != null) {
            metadata.withTopic(topic);
        }
        return Message.of(json).addMetadata(metadata.build());
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
