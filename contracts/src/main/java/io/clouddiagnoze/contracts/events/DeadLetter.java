package io.clouddiagnoze.contracts.events;

import java.time.Instant;

/**
 * A record a service refused, with the reason, kept so that nothing is dropped in silence.
 *
 * @param payload the refused record's value as text (or Base64 when it was not UTF-8)
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
}
