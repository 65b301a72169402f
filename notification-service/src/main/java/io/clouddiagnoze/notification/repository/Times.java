package io.clouddiagnoze.notification.repository;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The database keeps instants as UTC DATETIME(6). */
final class Times {
    private Times() {
    }

    static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }
}
