package io.clouddiagnoze.service.persistence;

import static io.clouddiagnoze.service.persistence.MariaDbErrors.error;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Checks that a failure is told to come from a named constraint, however deep the database reported it. */
class ConstraintsTest {
    private static final Predicate<Throwable> EMAIL_TAKEN = Constraints.violated("uk_users_email");

    @Test
    void theNamedConstraintIsFoundDeepInTheCauseChain() {
        Throwable duplicate = new CompletionException(new IllegalStateException("insert failed",
                error(1062, "23000", "Duplicate entry 'ana@example.com' for key 'uk_users_email'")));

        assertThat(EMAIL_TAKEN).accepts(duplicate);
    }

    @Test
    void anotherConstraintIsNotTakenForIt() {
        assertThat(EMAIL_TAKEN).rejects(error(1062, "23000", "Duplicate entry '42-1' for key 'uk_scan_runs_one_in_progress'"));
    }

    @Test
    void failuresWithoutAMessageAreNotTakenForIt() {
        assertThat(EMAIL_TAKEN).rejects(new CompletionException(new NullPointerException()));
    }
}
