package io.clouddiagnoze.service.persistence;

import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * What the repositories of every service make of a statement's rows (the first as a record, or each, or a stream from a
 * cursor), and the placeholders of their IN lists and multi-row VALUES.
 */
public final class Rows {
    private Rows() {
    }

    /** What {@code read} makes of the first row, or null when there is none. */
    public static <T> T first(RowSet<Row> rows, Function<Row, T> read) {
        return rows.size() == 0 ? null : read.apply(rows.iterator().next());
    }

    /** What {@code read} makes of each row, in order. */
    public static <T> List<T> each(RowSet<Row> rows, Function<Row, T> read) {
        List<T> items = new ArrayList<>(rows.size());
        rows.forEach(row -> items.add(read.apply(row)));
        return items;
    }

    /**
     * The rows of a query, 200 at a time from a cursor on a connection of their own; the statement is closed before the
     * connection goes back to the pool, or it would stay prepared on the server.
     */
    public static Multi<Row> cursor(Pool pool, String sql, Tuple params) {
        return pool.getConnection().toMulti().flatMap(connection -> connection.prepare(sql).toMulti()
                .flatMap(statement -> statement.createStream(200, params).toMulti().onTermination().call(statement::close))
                .onTermination().call(connection::close));
    }

    /** The placeholders of an IN list of {@code count} values: {@code ?, ?, ?}. */
    public static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /** The placeholders of {@code count} rows of {@code width} values each, for a multi-row VALUES: {@code (?, ?), (?, ?)}. */
    public static String values(int count, int width) {
        return String.join(", ", Collections.nCopies(count, "(" + marks(width) + ")"));
    }

    /**
     * The conditions whose value is given, each a pair of SQL ({@code " AND column = ?"}) and its value (null: not given),
     * joined; their values are added to {@code params}.
     */
    public static String given(List<Object> params, Object[]... conditions) {
        StringBuilder sql = new StringBuilder();
        for (Object[] condition : conditions) {
            if (condition[1] != null) {
                sql.append(condition[0]);
                params.add(condition[1]);
            }
        }
        return sql.toString();
    }
}
