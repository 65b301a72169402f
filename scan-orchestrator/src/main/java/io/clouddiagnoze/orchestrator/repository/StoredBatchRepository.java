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
import java.util.List;

/**
 * Every statement on {@code stored_batches}, the outbox of resources-stored events: an event is added in the transaction
 * that stores its batch, claimed by a relay round ({@link EventOutbox}), and deleted once the broker has it.
 */
@ApplicationScoped
public class StoredBatchRepository implements RelayedEvents<StoredBatchRepository.Claimed> {
    /** A round sends at most a few hundred small events: well under this. */
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final EventOutbox outbox;

    StoredBatchRepository(Pool pool) {
        this.outbox = new EventOutbox(pool, "stored_batches", LEASE);
    }

    /** Adds the event of a batch just stored; a batch added before (a redelivery) keeps the event it has. */
    public Uni<Void> add(SqlClient tx, ResourcesStored event) {
        return tx.preparedQuery("INSERT INTO stored_batches (scan_run_id, client_id, batch_sequence, event) VALUES (?, ?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE id = id")
                .execute(Tuple.of(event.scanRunId(), event.tenantId(), event.batchSequence(),
                        new String(EventCodec.encode(event), StandardCharsets.UTF_8)))
                .replaceWithVoid();
    }

    @Override
    public Uni<List<Claimed>> claim(String claim, int limit) {
        return outbox.claim(claim, limit, "event", row -> new Claimed(row.getLong("id"), decode(row.getString("event"))));
    }

    @Override
    public Uni<Void> published(List<Long> ids) {
        return outbox.published(ids);
    }

    @Override
    public Uni<Void> release(String claim) {
        return outbox.release(claim);
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
