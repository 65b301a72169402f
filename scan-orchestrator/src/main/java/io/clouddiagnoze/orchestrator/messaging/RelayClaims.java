package io.clouddiagnoze.orchestrator.messaging;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The relays' claims on the scan runs they publish, so that two scan-orchestrator instances never send the same
 * run's request or changes: a round claims pending runs that no live claim holds, under a token of its own, sends
 * them, and releases its claims when it ends, sent or not. The claim is one UPDATE, so two rounds meeting on the
 * same runs are ordered by its row locks and each run goes to one. A round whose instance dies leaves claims that
 * lapse after the outbox's lease; the next round of any instance takes them.
 */
@ApplicationScoped
public class RelayClaims {
    /** The runs waiting to be published: those in a status whose {@code publishedAt} is not set; and how long a claim lasts. */
    public enum Outbox {
        /** Scan requests: a round sends at most 100, each one small, in well under a second. */
        REQUESTS("request_published_at", "in_progress", Duration.ofSeconds(30)),
        /** Resource changes: a run of 100,000 resources has as many events, tens of seconds of sending. */
        CHANGES("changes_published_at", "success", Duration.ofMinutes(5));

        private final String publishedAt;
        private final String pending;
        private final Duration lease;

        Outbox(String publishedAt, String status, Duration lease) {
            this.publishedAt = publishedAt;
            this.pending = publishedAt + " IS NULL AND status = '" + status + "'";
            this.lease = lease;
        }
    }

    private final Pool pool;

    RelayClaims(Pool pool) {
        this.pool = pool;
    }

    /**
     * Claims up to {@code limit} of the oldest runs waiting in {@code outbox}, reads {@code columns} of them, hands
     * them to {@code round} and releases the claims when the round ends, however it ends.
     */
    public Uni<Void> claimAndPublish(Outbox outbox, int limit, String columns, Function<List<Row>, Uni<Void>> round) {
        String claim = UUID.randomUUID().toString();
        LocalDateTime now = now();
        return pool.preparedQuery("UPDATE scan_runs SET relay_claim = ?, relay_claimed_until = ? WHERE " + outbox.pending
                        + " AND (relay_claimed_until IS NULL OR relay_claimed_until < ?) ORDER BY id LIMIT ?")
                .execute(Tuple.of(claim, now.plus(outbox.lease), now, limit))
                .flatMap(claimed -> claimed.rowCount() == 0 ? Uni.createFrom().voidItem()
                        : claimedRuns(outbox, columns, claim).flatMap(round::apply).eventually(() -> release(claim)));
    }

    private Uni<List<Row>> claimedRuns(Outbox outbox, String columns, String claim) {
        return pool.preparedQuery("SELECT " + columns + " FROM scan_runs WHERE relay_claim = ? AND " + outbox.pending + " ORDER BY id")
                .execute(Tuple.of(claim))
                .map(rows -> {
                    List<Row> runs = new ArrayList<>();
                    rows.forEach(runs::add);
                    return runs;
                });
    }

    private Uni<Void> release(String claim) {
        return pool.preparedQuery("UPDATE scan_runs SET relay_claim = NULL, relay_claimed_until = NULL WHERE relay_claim = ?")
                .execute(Tuple.of(claim)).replaceWithVoid();
    }

    /** Marks a claimed run's {@code outbox} entry sent: no round claims it again. */
    public Uni<Void> published(Outbox outbox, long runId) {
        return pool.preparedQuery("UPDATE scan_runs SET " + outbox.publishedAt + " = ? WHERE id = ?")
                .execute(Tuple.of(now(), runId)).replaceWithVoid();
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }
}
