package io.clouddiagnoze.notification.repository;

import static io.clouddiagnoze.notification.repository.Times.instant;
import static io.clouddiagnoze.notification.repository.Times.utc;

import io.clouddiagnoze.notification.model.Alert;
import io.clouddiagnoze.notification.model.Channel;
import io.clouddiagnoze.notification.model.Delivery;
import io.clouddiagnoze.service.persistence.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.mysqlclient.MySQLClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Every statement on {@code alert_deliveries}, the outbox of alerts: a row per event and channel, added in the transaction
 * that matches the event (a second add of the same event and channel adds nothing), claimed when due by moving its next
 * attempt past the attempt's deadline, and then marked delivered, given its next attempt, or failed.
 */
@ApplicationScoped
public class DeliveryRepository {
    private final Pool pool;
    private final ChannelRepository channels;

    DeliveryRepository(Pool pool, ChannelRepository channels) {
        this.pool = pool;
        this.channels = channels;
    }

    /** A delivery claimed for an attempt, with its channel. */
    public record Due(long id, String eventId, String alert, int attempts, Instant createdAt, Channel channel) {
        /** The same for every attempt of the delivery, so that a receiver can drop one it already took. */
        public String idempotencyKey() {
            return eventId + "/" + channel.id();
        }
    }

    /** Adds a pending delivery of {@code alert} to each of {@code channelIds}, due at {@code now}, unless it is there already. */
    public Uni<Void> add(Alert alert, Collection<Long> channelIds, Instant now) {
        return channelIds.isEmpty() ? Uni.createFrom().voidItem() : insert(pool, alert, channelIds, now).replaceWithVoid();
    }

    /** Adds the delivery of a digest to its channel, due at {@code now}, in {@code tx} (the transaction that takes its items): its id. */
    public Uni<Long> addDigest(SqlClient tx, Alert digest, long channel, Instant now) {
        return insert(tx, digest, List.of(channel), now).map(rows -> (long) rows.property(MySQLClient.LAST_INSERTED_ID));
    }

    private static Uni<RowSet<Row>> insert(SqlClient client, Alert alert, Collection<Long> channelIds, Instant now) {
        String body = alert.body().get();
        List<Object> params = new ArrayList<>();
        for (long channel : channelIds) {
            params.addAll(Arrays.asList(alert.tenantId(), channel, alert.id(), alert.type(), body, utc(now), utc(now)));
        }
        return client.preparedQuery("INSERT INTO alert_deliveries (client_id, channel_id, event_id, event_type, alert, next_attempt_at, created_at)"
                        + " VALUES " + Rows.values(channelIds.size(), 7)
                        + " ON DUPLICATE KEY UPDATE id = id")
                .execute(Tuple.from(params));
    }

    /**
     * Claims up to {@code limit} pending deliveries due at {@code now} to channels not paused, soonest due first: each is
     * due again only after {@code deadline}, when an attempt that never reported counts as failed.
     */
    public Uni<List<Due>> claim(Instant now, int limit, Duration deadline) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT d.id AS delivery_id, d.event_id, d.alert, d.attempts,"
                                + " d.created_at AS delivery_created_at, " + ChannelRepository.COLUMNS
                                + " FROM alert_deliveries d JOIN alert_channels c ON c.id = d.channel_id"
                                + " WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND c.paused_at IS NULL"
                                + " ORDER BY d.next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(utc(now), limit)).flatMap(rows -> {
                    List<Due> due = Rows.each(rows, row -> new Due(row.getLong("delivery_id"), row.getString("event_id"),
                            row.getString("alert"), row.getInteger("attempts"), instant(row.getLocalDateTime("delivery_created_at")),
                            channels.read(row)));
                    if (due.isEmpty()) {
                        return Uni.createFrom().item(due);
                    }
                    List<Object> params = new ArrayList<>(List.of(utc(now.plus(deadline))));
                    due.forEach(delivery -> params.add(delivery.id()));
                    return tx.preparedQuery("UPDATE alert_deliveries SET next_attempt_at = ? WHERE id IN ("
                                    + Rows.marks(due.size()) + ")")
                            .execute(Tuple.from(params)).replaceWith(due);
                }));
    }

    /** These deliveries arrived, as a round recorded at {@code at} once all of its sends had answered. */
    public Uni<Void> delivered(List<Long> ids, Instant at) {
        List<Object> params = new ArrayList<>(List.of(utc(at)));
        params.addAll(ids);
        return pool.preparedQuery("UPDATE alert_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?,"
                + " last_error = NULL WHERE id IN (" + Rows.marks(ids.size()) + ")")
                .execute(Tuple.from(params)).replaceWithVoid();
    }

    /** An attempt failed with {@code error}: the next is at {@code nextAttempt}, or none (null) and the delivery failed. */
    public Uni<Void> attemptFailed(long id, String error, Instant nextAttempt) {
        return pool.preparedQuery("UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ?,"
                        + " status = IF(? IS NULL, 'failed', 'pending'), next_attempt_at = COALESCE(?, next_attempt_at) WHERE id = ?")
                .execute(Tuple.from(Arrays.asList(error, utc(nextAttempt), utc(nextAttempt), id))).replaceWithVoid();
    }

    /** The tenant's latest deliveries, newest first: of one status and channel, if given. */
    public Uni<List<Delivery>> list(long tenant, String status, Long channelId, int limit) {
        List<Object> params = new ArrayList<>(List.of(tenant));
        StringBuilder where = new StringBuilder("client_id = ?");
        if (status != null) {
            where.append(" AND status = ?");
            params.add(status);
        }
        if (channelId != null) {
            where.append(" AND channel_id = ?");
            params.add(channelId);
        }
        params.add(limit);
        return pool.preparedQuery("SELECT id, channel_id, event_id, event_type, status, attempts, next_attempt_at, last_error,"
                        + " created_at, delivered_at FROM alert_deliveries WHERE " + where + " ORDER BY id DESC LIMIT ?")
                .execute(Tuple.from(params)).map(rows -> Rows.each(rows, row -> new Delivery(row.getLong("id"),
                        row.getLong("channel_id"), row.getString("event_id"), row.getString("event_type"), row.getString("status"),
                        row.getInteger("attempts"),
                        "pending".equals(row.getString("status")) ? instant(row.getLocalDateTime("next_attempt_at")) : null,
                        row.getString("last_error"), instant(row.getLocalDateTime("created_at")),
                        instant(row.getLocalDateTime("delivered_at")))));
    }
}
