package io.clouddiagnoze.notification.repository;

import static io.clouddiagnoze.notification.repository.Times.instant;
import static io.clouddiagnoze.notification.repository.Times.utc;

import io.clouddiagnoze.notification.model.Alert;
import io.clouddiagnoze.notification.model.Rule;
import io.clouddiagnoze.service.persistence.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Every statement on {@code alert_digest_items}: what digest rules matched, per rule and channel, waiting until the
 * oldest of them is the rule's digest hours old; then taken, up to a digest's worth, into one delivery that
 * {@code alert_deliveries} sends like any alert.
 */
@ApplicationScoped
public class DigestRepository {
    /** The most alerts one digest carries; what is left waits for the next, due at once. */
    public static final int MOST_PER_DIGEST = 500;

    private final Pool pool;
    private final DeliveryRepository deliveries;

    DigestRepository(Pool pool, DeliveryRepository deliveries) {
        this.pool = pool;
        this.deliveries = deliveries;
    }

    /** A rule and channel whose digest is due. */
    public record Due(long tenantId, long ruleId, String ruleName, long channelId) {
    }

    /** An alert waiting in a digest: its row, its own JSON, and when it was matched. */
    public record Item(long id, String alert, Instant matchedAt) {
    }

    /** Adds {@code alert} to the waiting digest of each channel of each of {@code rules}, unless it is there already. */
    public Uni<Void> add(Alert alert, List<Rule> rules, Instant now) {
        if (rules.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String body = alert.body().get();
        List<Object> params = new ArrayList<>();
        int rows = 0;
        for (Rule rule : rules) {
            for (long channel : rule.channelIds()) {
                params.addAll(Arrays.asList(alert.tenantId(), rule.id(), channel, alert.id(), body, utc(now)));
                rows++;
            }
        }
        return pool.preparedQuery("INSERT INTO alert_digest_items (client_id, rule_id, channel_id, event_id, alert, created_at) VALUES "
                        + Rows.values(rows, 6) + " ON DUPLICATE KEY UPDATE id = id")
                .execute(Tuple.from(params)).replaceWithVoid();
    }

    /** The rules and channels whose oldest waiting alert is their rule's digest hours old at {@code now}, up to {@code limit}. */
    public Uni<List<Due>> due(Instant now, int limit) {
        return pool.preparedQuery("SELECT i.client_id, i.rule_id, r.name, i.channel_id FROM alert_digest_items i"
                        + " JOIN alert_rules r ON r.id = i.rule_id WHERE i.digest_delivery_id IS NULL"
                        + " GROUP BY i.client_id, i.rule_id, r.name, i.channel_id, r.digest_hours"
                        + " HAVING MIN(i.created_at) <= DATE_SUB(?, INTERVAL r.digest_hours HOUR) LIMIT ?")
                .execute(Tuple.of(utc(now), limit)).map(rows -> Rows.each(rows, row -> new Due(row.getLong("client_id"),
                        row.getLong("rule_id"), row.getString("name"), row.getLong("channel_id"))));
    }

    /**
     * In one transaction: takes the oldest waiting alerts of {@code due} (up to {@link #MOST_PER_DIGEST}; none that another
     * instance holds), adds the delivery of the digest {@code digest} makes of them, and marks them as carried by it.
     */
    public Uni<Void> compose(Due due, Instant now, Function<List<Item>, Alert> digest) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT id, alert, created_at FROM alert_digest_items"
                                + " WHERE rule_id = ? AND channel_id = ? AND digest_delivery_id IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(due.ruleId(), due.channelId(), MOST_PER_DIGEST)).flatMap(rows -> {
                    List<Item> items = Rows.each(rows, row -> new Item(row.getLong("id"), row.getString("alert"),
                            instant(row.getLocalDateTime("created_at"))));
                    if (items.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return deliveries.addDigest(tx, digest.apply(items), due.channelId(), now).flatMap(delivery -> {
                        List<Object> params = new ArrayList<>(List.of(delivery));
                        items.forEach(item -> params.add(item.id()));
                        return tx.preparedQuery("UPDATE alert_digest_items SET digest_delivery_id = ? WHERE id IN ("
                                + Rows.marks(items.size()) + ")").execute(Tuple.from(params));
                    }).replaceWithVoid();
                }));
    }
}
