package io.clouddiagnoze.orchestrator.repository;

import io.clouddiagnoze.contracts.EventCodec;
import io.clouddiagnoze.contracts.events.ResourcesStored;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every statement on {@code stored_batches}, the outbox of resources-stored events: an event is added in the transaction
 * that stores its batch, claimed by a relay round as the scan runs' outboxes are, and deleted once the broker has it.
 */
@ApplicationScoped
public class StoredBatchRepository {
    /** A round sends at most a few hundred small events: well under this. */
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final Pool pool;

    StoredBatchRepository(Pool pool) {
        this.pool = pool;
    }

    /** Adds the event of a batch just stored; a batch added before (a redelivery) keeps the event it has. */
    public Uni<Void> add(SqlClient tx, ResourcesStored event) {
        return tx.preparedQuery("INSERT INTO stored_batches (scan_run_id, client_id, batch_sequence, event) VALUES (?, ?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE id = id")
                .execute(Tuple.of(event.scanRunId(), event.tenantId(), event.batchSequence(),
                        new String(EventCodec.encode(event), StandardCharsets.UTF_8)))
                .replaceWithVoid();
    }

    /**
     * Claims for {@code claim} up to {@code limit} of the oldest events that no live claim holds, and reads them. The rows
     * are locked SKIP LOCKED in a transaction of their own: a batch still being stored holds its new row, and waiting for
     * it would hold up, through the claim's own locks, the batches stored after it.
     */
    public Uni<List<Claimed>> claim(String claim, int limit) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT id, event FROM stored_batches"
                        + " WHERE relay_claimed_until IS NULL OR relay_claimed_until < ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(now, limit)).flatMap(rows -> {
                    List<Claimed> events = Rows.each(rows, row -> new Claimed(row.getLong("id"), decode(row.getString("event"))));
                    if (events.isEmpty()) {
                        return Uni.createFrom().item(events);
                    }
                    return tx.preparedQuery("UPDATE stored_batches SET relay_claim = ?, relay_claimed_until = ? WHERE id IN ("
                                    + String.join(", ", Collections.nCopies(events.size(), "?")) + ")")
                            .execute(Tuple.from(Stream.concat(Stream.of(claim, now.plus(LEASE)), events.stream().map(Claimed::id)).toList()))
                            .replaceWith(events);
                }));
    }

    /** The broker has the event: it leaves the outbox. */
    public Uni<Void> published(long id) {
        return pool.preparedQuery("DELETE FROM stored_batches WHERE id = ?").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Lets the next round take what {@code claim} did not send. */
    public Uni<Void> release(String claim) {
        return pool.preparedQuery("UPDATE stored_batches SET relay_claim = NULL, relay_claimed_until = NULL WHERE relay_claim = ?")
                .execute(Tuple.of(claim)).replaceWithVoid();
    }

    private static ResourcesStored decode(String json) {
        try {
            return EventCodec.decode(json.getBytes(StandardCharsets.UTF_8), ResourcesStored.class);
        } catch (IOException e) {
            throw new UncheckedIOException("stored_batches holds an event that is not a resources-stored event", e);
        }
    }

    /** An event a round has claimed, by its outbox row. */
    public record Claimed(long id, ResourcesStored event) {
    }
}
