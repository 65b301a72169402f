package io.clouddiagnoze.contracts.events;

import io.clouddiagnoze.contracts.FieldLimits;
import java.time.Instant;

/**
 * A record a service refused, with the reason, kept so that nothing is dropped in silence.
 *
 * @param payload the refused record's value as text (or Base64 when it was not UTF-8), cut at
 *     {@link FieldLimits#DEAD_LETTER_PAYLOAD} characters: the whole record stays at its topic, partition and offset
 * @param ceType the refused record's {@code ce_type} header, when it had one
 * @param failedBy the service that refused it
 */
public record DeadLetter(
        String originalTopic,
        int partition,
        long offset,
        String key,
        String ceType,
        String reason,
        String payload,
        String failedBy,
        Instant failedAt) {

    public DeadLetter {
        key = FieldLimits.fit(key, FieldLimits.RECORD_KEY);
        ceType = FieldLimits.fit(ceType, FieldLimits.CE_TYPE);
        reason = FieldLimits.fit(reason, FieldLimits.ERROR_DETAIL);
        payload = FieldLimits.fit(payload, FieldLimits.DEAD_LETTER_PAYLOAD);
    }
}
