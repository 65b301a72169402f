package io.clouddiagnoze.service.jobs;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

/**
 * Every statement on {@code job_leases}: a job that must run in one instance at a time takes its lease with a
 * conditional UPDATE (free, or lapsed), renews it while it works and releases it when it ends. Times are the database's,
 * so that instances whose clocks differ agree on when a lease lapses. Each service with such a job makes it a bean of
 * its own (a plain class here: the services without a database have no pool to give it).
 */
public class JobLeases {
    private final Pool pool;

    protected JobLeases(Pool pool) {
        this.pool = pool;
    }

    /**
     * Runs {@code work} on this thread (never an event loop) holding the job's lease, and releases it after; null, without
     * running it, while another holder's lease lives. The work calls the heartbeat it is given between its steps: it
     * renews the lease, and throws once another holder has taken it. {@code wait} bounds each statement.
     */
    public <T> T whileHolding(String job, Duration lease, Duration wait, Function<Runnable, T> work) {
        String holder = UUID.randomUUID().toString();
        if (!take(job, holder, lease).await().atMost(wait)) {
            return null;
        }
        try {
            return work.apply(() -> {
                if (!renew(job, holder, lease).await().atMost(wait)) {
                    throw new IllegalStateException("the " + job + " lease lapsed and another pass took it");
                }
            });
        } finally {
            release(job, holder).await().atMost(wait);
        }
    }

    /** Takes the job's lease for {@code holder} for {@code duration} if no live lease holds it; whether it did. */
    public Uni<Boolean> take(String job, String holder, Duration duration) {
        return pool.preparedQuery("UPDATE job_leases SET holder = ?, expires_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND"
                        + " WHERE job_name = ? AND (holder IS NULL OR expires_at < UTC_TIMESTAMP(6))")
                .execute(Tuple.of(holder, duration.toSeconds(), job)).map(taken -> taken.rowCount() == 1);
    }

    /** Extends {@code holder}'s lease by {@code duration} from now; false when it no longer holds it. */
    public Uni<Boolean> renew(String job, String holder, Duration duration) {
        return pool.preparedQuery("UPDATE job_leases SET expires_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND WHERE job_name = ? AND holder = ?")
                .execute(Tuple.of(duration.toSeconds(), job, holder)).map(renewed -> renewed.rowCount() == 1);
    }

    public Uni<Void> release(String job, String holder) {
        return pool.preparedQuery("UPDATE job_leases SET holder = NULL, expires_at = NULL WHERE job_name = ? AND holder = ?")
                .execute(Tuple.of(job, holder)).replaceWithVoid();
    }
}
