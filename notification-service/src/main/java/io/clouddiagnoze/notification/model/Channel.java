package io.clouddiagnoze.notification.model;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's alert channel as stored, its signing secret included: only the senders and the answer that creates it
 * may see that.
 *
 * @param url a webhook's or Slack's, null for email
 * @param addresses email's recipients, empty otherwise
 * @param secret a webhook's HMAC key, null otherwise
 * @param pausedAt when it was paused for failing; null while it is not
 */
public record Channel(long id, long tenantId, ChannelType type, String name, String url, List<String> addresses,
                      String secret, Instant pausedAt, String pausedReason, Instant createdAt) {
    public Channel {
        addresses = List.copyOf(addresses);
    }
}
