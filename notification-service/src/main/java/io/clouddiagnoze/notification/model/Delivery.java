package io.clouddiagnoze.notification.model;

import java.time.Instant;

/** One alert to one channel, as {@code GET /api/alerts/deliveries} shows it: never the channel's secret or URL. */
public record Delivery(long id, long channelId, String eventId, String eventType, String status, int attempts,
                       Instant nextAttemptAt, String lastError, Instant createdAt, Instant deliveredAt) {
}
