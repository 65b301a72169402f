package io.clouddiagnoze.notification.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a channel's alerts go: a signed webhook POST, a Slack incoming webhook, or mail to addresses. */
public enum ChannelType {
    WEBHOOK, SLACK, EMAIL;

    /** The name in the API and the database: {@code webhook}, {@code slack}, {@code email}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ChannelType> fromId(String id) {
        return Arrays.stream(values()).filter(type -> type.id().equals(id)).findFirst();
    }
}
