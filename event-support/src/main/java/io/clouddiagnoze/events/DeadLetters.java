package io.clouddiagnoze.events;

import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.events.DeadLetter;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Sends a refused record to the {@code dead-letter} topic with the reason, and waits until the broker has it, so that
 * the refused record is acknowledged only once it is kept: nothing is dropped in silence. A letter the broker does not
 * take is sent again until it does (the letter is bounded, see {@link DeadLetter}): without the broker no record of
 * the consumer could be acknowledged either.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<byte[]> emitter;
    private final String service;

    DeadLetters(@Channel("dead-letter") MutinyEmitter<byte[]> emitter,
                @ConfigProperty(name = "quarkus.application.name") String service) {
        this.emitter = emitter;
        this.service = service;
    }

    public Uni<Void> send(ConsumerRecord<String, byte[]> refused, String reason) {
        LOG.warnf("refused record %s-%d@%d (key %s): %s", refused.topic(), refused.partition(), refused.offset(),
                refused.key(), reason);
        DeadLetter letter = new DeadLetter(refused.topic(), refused.partition(), refused.offset(), refused.key(),
                EventReader.header(refused, EventHeaders.CE_TYPE), reason, payload(refused.value()), service, Instant.now());
        return emitter.sendMessage(EventMessages.of(letter, letter.key(), Map.of(), service))
                .onFailure().invoke(failure -> LOG.warnf("dead letter of %s-%d@%d not sent yet, retrying: %s", refused.topic(),
                        refused.partition(), refused.offset(), failure.toString()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely();
    }

    private static String payload(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException notText) {
            return Base64.getEncoder().encodeToString(value);
        }
    }
}
