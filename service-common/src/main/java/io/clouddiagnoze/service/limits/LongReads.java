package io.clouddiagnoze.service.limits;

import io.clouddiagnoze.service.persistence.DatabaseErrors;
import io.clouddiagnoze.service.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The long reads of a tenant (exports, diffs, histories, findings, idle hints): at most {@code per-tenant} of them at
 * once in a service instance, past which a read is refused with 429 and {@code Retry-After}, and each of their
 * statements stopped by the database after {@code statement-time}. One tenant's flood of exports then takes no more
 * than its share of the database and of the service from the others, and no read holds a connection for long.
 */
@ApplicationScoped
public class LongReads {
    private final int perTenant;
    private final Duration statementTime;
    private final Duration retryAfter;
    private final ConcurrentHashMap<Long, Integer> running = new ConcurrentHashMap<>();

    LongReads(@ConfigProperty(name = "clouddiagnoze.long-reads.per-tenant", defaultValue = "4") int perTenant,
              @ConfigProperty(name = "clouddiagnoze.long-reads.statement-time", defaultValue = "PT30S") Duration statementTime,
              @ConfigProperty(name = "clouddiagnoze.long-reads.retry-after", defaultValue = "PT5S") Duration retryAfter) {
        this.perTenant = perTenant;
        this.statementTime = statementTime;
        this.retryAfter = retryAfter;
    }

    /** Starts a long read of {@code tenantId}, or refuses it (429) when the tenant already has its share running. */
    public Permit start(long tenantId) {
        boolean[] admitted = {false};
        running.compute(tenantId, (tenant, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perTenant) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            throw ProblemException.tooManyRequests(perTenant + " long reads (exports, diffs, histories, findings) of this tenant"
                    + " are running; try again shortly", retryAfter);
        }
        return new Permit(tenantId);
    }

    /** {@code read} as a long read of {@code tenantId}: admitted or refused when subscribed, its end releasing its place. */
    public <T> Uni<T> run(long tenantId, Supplier<Uni<T>> read) {
        return Uni.createFrom().deferred(() -> {
            Permit permit = start(tenantId);
            // Deferred again: a read that throws instead of failing its Uni must give its place back too.
            return Uni.createFrom().deferred(read::get).onFailure(DatabaseErrors::timedOut).transform(this::timedOut)
                    .onTermination().invoke(permit::close);
        });
    }

    /** {@code sql} (one SELECT) with the statement time limit: MariaDB stops it there. */
    public String bounded(String sql) {
        return "SET STATEMENT max_statement_time = " + seconds() + " FOR " + sql;
    }

    /** A read the database stopped at the time limit, as the client sees it: 503, try later or ask for less. */
    public Throwable timedOut(Throwable failure) {
        return new ProblemException(Response.Status.SERVICE_UNAVAILABLE, "read-timed-out", "the read took longer than "
                + seconds() + " s and was stopped; try again later, or ask for less", null, retryAfter);
    }

    /** The time limit in seconds, to the millisecond: under a second it must not become 0, which is no limit to MariaDB. */
    private String seconds() {
        return BigDecimal.valueOf(statementTime.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    /** A place among a tenant's long reads, given back once (closing it again does nothing). */
    public final class Permit implements AutoCloseable {
        private final long tenantId;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Permit(long tenantId) {
            this.tenantId = tenantId;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                running.computeIfPresent(tenantId, (tenant, count) -> count <= 1 ? null : count - 1);
            }
        }
    }
}
