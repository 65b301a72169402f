package io.clouddiagnoze.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records of a topic as JSON lines, one record a line: {@code topic}, {@code partition}, {@code offset}, {@code time}
 * (when the broker took it), {@code key}, {@code headers} (name to text) and {@code payload} (the value as text). An
 * operator reads dead letters this way and sends a record back where it came from; the fault suite replays records.
 * Written records need only {@code key}, {@code headers} and {@code payload}.
 */
public final class BusRecords {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);

    private final BusSettings settings;

    public BusRecords(BusSettings settings) {
        this.settings = settings;
    }

    /** Prints every record of {@code topic} up to its end as it is now, partition by partition. */
    void read(String topic, PrintStream out) throws IOException {
        for (ConsumerRecord<String, byte[]> record : records(topic)) {
            out.println(JSON.writeValueAsString(line(record)));
        }
    }

    /** Every record of {@code topic} up to its end as it is now, partition by partition. */
    public List<ConsumerRecord<String, byte[]>> records(String topic) {
        Map<String, Object> config = settings.client();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < ends.get(new TopicPartition(topic, record.partition()))) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }

    /** Sends each JSON line of {@code in} to {@code topic}, and waits until the broker has them all; returns how many. */
    int write(String topic, InputStream in) throws IOException, ExecutionException, InterruptedException {
        Map<String, Object> config = settings.client();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        List<Future<?>> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    sent.add(producer.send(record(topic, JSON.readTree(line))));
                }
            }
            for (Future<?> acknowledged : sent) {
                acknowledged.get();
            }
        }
        return sent.size();
    }

    private static ObjectNode line(ConsumerRecord<String, byte[]> record) {
        ObjectNode line = JSON.createObjectNode().put("topic", record.topic()).put("partition", record.partition())
                .put("offset", record.offset()).put("time", Instant.ofEpochMilli(record.timestamp()).toString())
                .put("key", record.key());
        ObjectNode headers = line.putObject("headers");
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return line.put("payload", record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
    }

    private static ProducerRecord<String, byte[]> record(String topic, JsonNode line) {
        RecordHeaders headers = new RecordHeaders();
        line.path("headers").fields().forEachRemaining(header -> headers.add(header.getKey(),
                header.getValue().isNull() ? null : header.getValue().asText().getBytes(StandardCharsets.UTF_8)));
        JsonNode payload = line.path("payload");
        return new ProducerRecord<>(topic, null, line.path("key").isTextual() ? line.get("key").asText() : null,
                payload.isTextual() ? payload.asText().getBytes(StandardCharsets.UTF_8) : null, headers);
    }
}
