package io.clouddiagnoze.service.persistence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Where the reads that a read replica may answer go: the tenant's inventory, findings, metric series and exports. With
 * no replica (no {@code DB_REPLICA_HOST}), to the primary. With one, to the replica once it has applied every
 * transaction the primary had committed when the read began: the primary's GTID position, then {@code MASTER_GTID_WAIT}
 * on the replica for at most {@code maxWait}. So a read never misses what came before it, the caller's own writes among
 * them (a scan run just started, a mute just set), and a lagging replica costs a read at most {@code maxWait}: past it,
 * or when the replica does not answer, the read goes to the primary, and so do the next ones for a second without
 * waiting. Reads that must see a write of their own request, and every write, use the primary's pool directly.
 * <p>
 * On {@code /q/metrics}: {@code clouddiagnoze_database_replica_lag_seconds} (the replica's own
 * {@code Seconds_Behind_Master}, read by {@link #measureLag()}; NaN while replication is stopped or unknown) and
 * {@code clouddiagnoze_database_replica_reads_total} by {@code served_by} (replica, primary), both only with a replica. Each service with such reads
 * makes it a bean of its own (a plain class here: the services without a database have no pool to give it), and calls
 * {@link #measureLag()} on a schedule.
 */
public class ReplicaReads {
    static final Duration BEHIND_PAUSE = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(ReplicaReads.class);

    private final Pool primary;
    private final Pool replica;
    private final String maxWaitSeconds;
    private final Counter servedByReplica;
    private final Counter servedByPrimary;
    private volatile double lagSeconds = Double.NaN;
    private volatile long primaryUntil = System.nanoTime();
    private volatile boolean lagUnreadable;

    /** {@code replicaHost}: where the replica is, as configured; empty when there is none, and {@code replica} unused. */
    protected ReplicaReads(Pool primary, Pool replica, Optional<String> replicaHost, Duration maxWait, MeterRegistry registry) {
        this.primary = primary;
        this.replica = replicaHost.filter(host -> !host.isBlank()).isPresent() ? replica : null;
        this.maxWaitSeconds = String.format("%d.%03d", maxWait.toSeconds(), maxWait.toMillisPart());
        if (this.replica == null) {
            this.servedByReplica = null;
            this.servedByPrimary = null;
            return;
        }
        this.servedByReplica = served(registry, "replica");
        this.servedByPrimary = served(registry, "primary");
        Gauge.builder("clouddiagnoze.database.replica.lag", this, reads -> reads.lagSeconds).baseUnit("seconds")
                .description("How far the read replica's applied transactions are behind the primary's").register(registry);
    }

    private static Counter served(MeterRegistry registry, String server) {
        return Counter.builder("clouddiagnoze.database.replica.reads").tag("served_by", server)
                .description("Reads a read replica may serve, by the server that served them").register(registry);
    }

    /** The pool for one read: the replica once it holds everything committed before this call, else the primary. */
    public Uni<Pool> pool() {
        if (replica == null) {
            return Uni.createFrom().item(primary);
        }
        if (System.nanoTime() - primaryUntil < 0) {
            return Uni.createFrom().item(this::primary);
        }
        return primary.query("SELECT @@gtid_binlog_pos").execute()
                .flatMap(rows -> replica.preparedQuery("SELECT MASTER_GTID_WAIT(?, ?)")
                        .execute(Tuple.of(rows.iterator().next().getString(0), maxWaitSeconds)))
                .map(rows -> {
                    Integer reached = rows.iterator().next().getInteger(0);
                    return reached != null && reached == 0 ? replica() : behind();
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("the read replica did not answer (%s); reads go to the primary for %s", failure.getMessage(),
                            BEHIND_PAUSE);
                    return behind();
                });
    }

    /** One statement of such a read, where {@link #pool()} sends it. */
    public Uni<RowSet<Row>> query(String sql, Tuple params) {
        return pool().flatMap(pool -> pool.preparedQuery(sql).execute(params));
    }

    /** Reads the replica's lag as the replica reports it; the gauge keeps the last value read. */
    public Uni<Void> measureLag() {
        if (replica == null) {
            return Uni.createFrom().voidItem();
        }
        return replica.query("SHOW SLAVE STATUS").execute().map(rows -> {
            Iterator<Row> status = rows.iterator();
            Long seconds = status.hasNext() ? status.next().getLong("Seconds_Behind_Master") : null;
            lagSeconds = seconds == null ? Double.NaN : seconds;
            lagUnreadable = false;
            return (Void) null;
        }).onFailure().recoverWithItem(failure -> {
            lagSeconds = Double.NaN;
            if (!lagUnreadable) {
                LOG.warnf("cannot read the read replica's lag (%s); the account needs the SLAVE MONITOR privilege there",
                        failure.getMessage());
                lagUnreadable = true;
            }
            return null;
        });
    }

    private Pool replica() {
        servedByReplica.increment();
        return replica;
    }

    private Pool primary() {
        servedByPrimary.increment();
        return primary;
    }

    private Pool behind() {
        primaryUntil = System.nanoTime() + BEHIND_PAUSE.toNanos();
        return primary();
    }
}
