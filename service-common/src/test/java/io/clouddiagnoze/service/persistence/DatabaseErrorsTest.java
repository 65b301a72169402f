package io.clouddiagnoze.service.persistence;

import static io.clouddiagnoze.service.persistence.MariaDbErrors.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.sqlclient.DatabaseException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Checks which database failures are the data's for good, which may pass, and which are the statement time limit. */
class DatabaseErrorsTest {
    private static final DatabaseException TOO_LONG = error(1406, "22001", "Data too long for column 'name' at row 1");
    private static final DatabaseException DEADLOCK = error(1213, "40001", "Deadlock found when trying to get lock");
    private static final DatabaseException STOPPED = error(1969, "70100",
            "Query execution was interrupted (max_statement_time exceeded)");

    @Test
    void dataTheDatabaseCannotHoldIsRefusedForGoodInTheServersOwnWords() {
        assertThat(DatabaseErrors.refusal(new CompletionException(new RuntimeException("insert failed", TOO_LONG))))
                .contains("Data too long for column 'name' at row 1 (error 1406, SQLSTATE 22001)");
    }

    @Test
    void aViolatedIntegrityConstraintIsRefusedForGood() {
        DatabaseException orphan = error(1452, "23000", "Cannot add or update a child row: a foreign key constraint fails");

        assertThat(DatabaseErrors.refusal(orphan))
                .contains("Cannot add or update a child row: a foreign key constraint fails (error 1452, SQLSTATE 23000)");
    }

    @Test
    void troublesOfTheMomentAreNoRefusal() {
        assertThat(DatabaseErrors.refusal(DEADLOCK)).isEmpty();
        assertThat(DatabaseErrors.refusal(error(1205, "HY000", "Lock wait timeout exceeded; try restarting transaction"))).isEmpty();
        assertThat(DatabaseErrors.refusal(STOPPED)).isEmpty();
        assertThat(DatabaseErrors.refusal(new VertxException("Connection is closed"))).isEmpty();
    }

    @Test
    void aStatementStoppedAtItsTimeLimitIsRecognisedWhereverInTheChain() {
        assertThat(DatabaseErrors.timedOut(new CompletionException(STOPPED))).isTrue();
        assertThat(DatabaseErrors.timedOut(DEADLOCK)).isFalse();
        assertThat(DatabaseErrors.timedOut(new IllegalStateException("not the database"))).isFalse();
    }

    @Test
    void wordsNotWrappedByTheClientAreQuotedWhole() {
        DatabaseException bare = new DatabaseException("Out of range value for column 'size'", 1264, "22003") {
        };

        assertThat(DatabaseErrors.refusal(bare)).contains("Out of range value for column 'size' (error 1264, SQLSTATE 22003)");
    }
}
