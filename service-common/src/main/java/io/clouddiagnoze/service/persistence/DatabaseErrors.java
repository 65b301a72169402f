package io.clouddiagnoze.service.persistence;

import io.vertx.sqlclient.DatabaseException;
import java.util.Optional;

/**
 * Tells a failure that is the data's from one that is the moment's. The database refuses data for good with a
 * data exception (SQLSTATE class 22: too long, out of range, not a valid value) or an integrity constraint (23:
 * a check, a foreign key, a missing value); no retry of the same rows can succeed. Anything else (a connection
 * lost, a deadlock, a lock wait, a statement stopped at its time limit) may pass.
 */
public final class DatabaseErrors {
    private static final int MAX_STATEMENT_TIME_EXCEEDED = 1969;

    private DatabaseErrors() {
    }

    /** The database's words when it refused the data for good, wherever in the cause chain; empty otherwise. */
    public static Optional<String> refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabaseException database && database.getSqlState() != null
                    && (database.getSqlState().startsWith("22") || database.getSqlState().startsWith("23"))) {
                return Optional.of(words(database) + " (error " + database.getErrorCode() + ", SQLSTATE " + database.getSqlState() + ")");
            }
        }
        return Optional.empty();
    }

    /** Whether the database stopped the statement at its time limit ({@code max_statement_time}: error 1969). */
    public static boolean timedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabaseException database && database.getErrorCode() == MAX_STATEMENT_TIME_EXCEEDED) {
                return true;
            }
        }
        return false;
    }

    /** The server's own words: the client wraps them as {@code {errorMessage=…, errorCode=…, sqlState=…}}. */
    private static String words(DatabaseException database) {
        String message = String.valueOf(database.getMessage());
        int start = message.indexOf("errorMessage=");
        int end = message.lastIndexOf(", errorCode=");
        return start >= 0 && end > start ? message.substring(start + "errorMessage=".length(), end) : message;
    }
}
