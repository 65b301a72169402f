package io.clouddiagnoze.service.persistence;

import io.vertx.sqlclient.DatabaseException;

/** Errors as the reactive MariaDB client raises them, for tests. */
public final class MariaDbErrors {
    private MariaDbErrors() {
    }

    /** The server's error {@code code} with {@code sqlState}, worded as the client wraps it. */
    public static DatabaseException error(int code, String sqlState, String words) {
        return new DatabaseException("{errorMessage=" + words + ", errorCode=" + code + ", sqlState=" + sqlState + "}",
                code, sqlState) {
        };
    }
}
