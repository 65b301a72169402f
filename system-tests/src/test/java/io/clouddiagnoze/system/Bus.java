package io.clouddiagnoze.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.clouddiagnoze.bus.BusRecords;
import io.clouddiagnoze.bus.BusSettings;
import io.clouddiagnoze.testsupport.TestEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The running system's topics as the broker's administrator reads and writes them (a writer the ACLs would have to let
 * in): what the scans sent, copies of it sent again or changed, and the dead letters.
 */
final class Bus implements AutoCloseable {
    private final BusRecords reader;
    private final TestEvents writer;

    Bus(String adminPassword) {
        BusSettings settings = new BusSettings(Map.of("KAFKA_ADMIN_PASSWORD", adminPassword));
        this.reader = new BusRecords(settings);
        this.writer = new TestEvents(settings.client());
    }

    /** Every record of {@code topic} so far whose payload belongs to one of {@code runs}. */
    List<ConsumerRecord<String, byte[]>> records(String topic, Collection<Long> runs) {
        return reader.records(topic).stream().filter(record -> runs.contains(json(record.value()).path("scanRunId").asLong(-1))).toList();
    }

    /** Sends every record of {@code topic} so far that belongs to one of {@code runs} once more, as a producer's retry would: how many. */
    int replay(String topic, Collection<Long> runs) {
        // Read to the end first: the copies go to the same topic.
        List<ConsumerRecord<String, byte[]>> copies = records(topic, runs);
        copies.forEach(record -> send(record, record.value(), null, null));
        return copies.size();
    }

    /** Sends {@code record} again with another payload, and one header's value replaced when {@code header} is not null. */
    void send(ConsumerRecord<String, byte[]> record, byte[] payload, String header, String value) {
        RecordHeaders headers = new RecordHeaders();
        for (Header original : record.headers()) {
            if (!original.key().equals(header)) {
                headers.add(original.key(), original.value());
            }
        }
        if (header != null) {
            headers.add(header, value.getBytes(StandardCharsets.UTF_8));
        }
        writer.send(new ProducerRecord<>(record.topic(), null, record.key(), payload, headers));
    }

    /** Every dead letter so far: its reason, who refused it ({@code failedBy}), {@code originalTopic} and {@code payload}. */
    List<JsonNode> deadLetters() {
        List<JsonNode> letters = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : reader.records("dead-letter")) {
            JsonNode letter = json(record.value());
            if (!letter.path("reason").asText().isEmpty()) {
                letters.add(letter);
            }
        }
        return letters;
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** The JSON of a payload, or a missing node where it is none. */
    static JsonNode json(byte[] payload) {
        try {
            return payload == null ? Api.JSON.missingNode() : Api.JSON.readTree(payload);
        } catch (IOException notJson) {
            return Api.JSON.missingNode();
        }
    }

    @Override
    public void close() {
        writer.close();
    }
}
