package io.clouddiagnoze.orchestrator.repository;

import io.clouddiagnoze.service.persistence.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * An outbox table of events, one row an event ({@code id}, {@code relay_claim}, {@code relay_claimed_until} and what the
 * event is made of): a relay round claims the oldest rows no live claim holds, sends them, deletes those the broker has
 * and releases the rest. A claim that its round never released lapses after the lease.
 */
final class EventOutbox {
    private final Pool pool;
    private final String table;
    private final Duration lease;

    EventOutbox(Pool pool, String table, Duration lease) {
        this.pool = pool;
        this.table = table;
        this.lease = lease;
    }

    /**
     * Claims for {@code claim} up to {@code limit} of the oldest rows that no live claim holds, and reads {@code columns} of
     * them, oldest first. The rows are locked SKIP LOCKED in a transaction of their own: a row still in the transaction that
     * adds it is passed over, instead of holding up, through the claim's own locks, the rows added after it.
     */
    <T> Uni<List<T>> claim(String claim, int limit, String columns, Function<Row, T> read) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT id, " + columns + " FROM " + table
                        + " WHERE relay_claimed_until IS NULL OR relay_claimed_until < ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(now, limit)).flatMap(rows -> {
                    List<Long> ids = Rows.each(rows, row -> row.getLong("id"));
                    List<T> events = Rows.each(rows, read);
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(events);
                    }
                    return tx.preparedQuery("UPDATE " + table + " SET relay_claim = ?, relay_claimed_until = ? WHERE id IN (" + Rows.marks(ids.size()) + ")")
                            .execute(Tuple.from(Stream.concat(Stream.<Object>of(claim, now.plus(lease)), ids.stream()).toList()))
                            .replaceWith(events);
                }));
    }

    /** The broker has these events: they leave the outbox. */
    Uni<Void> published(List<Long> ids) {
        return ids.isEmpty() ? Uni.createFrom().voidItem()
                : pool.preparedQuery("DELETE FROM " + table + " WHERE id IN (" + Rows.marks(ids.size()) + ")").execute(Tuple.from(ids)).replaceWithVoid();
    }

    /** Lets the next round take what {@code claim} did not send. */
    Uni<Void> release(String claim) {
        return pool.preparedQuery("UPDATE " + table + " SET relay_claim = NULL, relay_claimed_until = NULL WHERE relay_claim = ?")
                .execute(Tuple.of(claim)).replaceWithVoid();
    }
}
