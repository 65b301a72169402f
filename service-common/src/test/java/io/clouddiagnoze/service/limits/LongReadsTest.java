package io.clouddiagnoze.service.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.clouddiagnoze.service.persistence.MariaDbErrors;
import io.clouddiagnoze.service.problem.Problem;
import io.clouddiagnoze.service.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Checks each tenant's share of long reads, that a read gives its place back, and a read the database stopped. */
class LongReadsTest {
    private static final long TENANT = 7;

    private final LongReads reads = new LongReads(2, Duration.ofSeconds(30), Duration.ofSeconds(5));

    @Test
    void aTenantPastItsShareIsToldToRetryShortlyWhileOthersGoOn() {
        reads.start(TENANT);
        reads.start(TENANT);

        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> reads.start(TENANT));

        assertThat(refused.toProblem().status()).isEqualTo(429);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(reads.start(8)).isNotNull();
    }

    @Test
    void aFinishedReadGivesItsPlaceBackOnlyOnce() {
        LongReads.Permit first = reads.start(TENANT);
        reads.start(TENANT);

        first.close();
        first.close();

        reads.start(TENANT);
        assertThatThrownBy(() -> reads.start(TENANT)).isInstanceOf(ProblemException.class);
    }

    @Test
    void aReadGivesItsPlaceBackWhetherItSucceedsOrFails() {
        LongReads one = new LongReads(1, Duration.ofSeconds(30), Duration.ofSeconds(5));

        assertThatThrownBy(() -> one.run(TENANT, () -> Uni.createFrom().failure(new IllegalStateException("lost"))).await()
                .indefinitely()).isInstanceOf(IllegalStateException.class);
        assertThat(one.run(TENANT, () -> Uni.createFrom().item("export")).await().indefinitely()).isEqualTo("export");
        assertThat(one.run(TENANT, () -> Uni.createFrom().item("diff")).await().indefinitely()).isEqualTo("diff");
    }

    @Test
    void aReadThatThrowsInsteadOfFailingGivesItsPlaceBackToo() {
        LongReads one = new LongReads(1, Duration.ofSeconds(30), Duration.ofSeconds(5));

        assertThatThrownBy(() -> one.run(TENANT, () -> {
            throw new IllegalStateException("thrown before any Uni");
        }).await().indefinitely()).isInstanceOf(IllegalStateException.class);
        assertThat(one.run(TENANT, () -> Uni.createFrom().item("export")).await().indefinitely()).isEqualTo("export");
    }

    @Test
    void aReadIsAdmittedOrRefusedOnlyWhenSubscribed() {
        Uni<String> later = reads.run(TENANT, () -> Uni.createFrom().item("history"));
        reads.start(TENANT);
        reads.start(TENANT);

        assertThatThrownBy(() -> later.await().indefinitely()).isInstanceOf(ProblemException.class);
    }

    @Test
    void aReadTheDatabaseStoppedIsA503SayingToTryLaterOrAskForLess() {
        Throwable stopped = MariaDbErrors.error(1969, "70100", "Query execution was interrupted (max_statement_time exceeded)");

        ProblemException failure = catchThrowableOfType(ProblemException.class,
                () -> reads.run(TENANT, () -> Uni.createFrom().failure(stopped)).await().indefinitely());

        assertThat(failure.toProblem()).isEqualTo(new Problem("urn:clouddiagnoze:problem:read-timed-out", "Service Unavailable", 503,
                "the read took longer than 30 s and was stopped; try again later, or ask for less", null));
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void eachStatementOfALongReadCarriesTheTimeLimit() {
        assertThat(reads.bounded("SELECT id FROM resources WHERE tenant_id = ?"))
                .isEqualTo("SET STATEMENT max_statement_time = 30 FOR SELECT id FROM resources WHERE tenant_id = ?");
    }

    /** MariaDB takes 0 for no limit at all: half a second must stay half a second. */
    @Test
    void aLimitUnderASecondStaysALimit() {
        LongReads quick = new LongReads(2, Duration.ofMillis(500), Duration.ofSeconds(5));

        assertThat(quick.bounded("SELECT 1")).isEqualTo("SET STATEMENT max_statement_time = 0.5 FOR SELECT 1");
    }
}
