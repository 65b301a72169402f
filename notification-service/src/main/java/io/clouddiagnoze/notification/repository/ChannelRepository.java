package io.clouddiagnoze.notification.repository;

import static io.clouddiagnoze.notification.repository.Times.instant;
import static io.clouddiagnoze.notification.repository.Times.utc;

import io.clouddiagnoze.notification.model.Channel;
import io.clouddiagnoze.notification.model.ChannelType;
import io.clouddiagnoze.service.persistence.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.mysqlclient.MySQLClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Every statement on {@code alert_channels}; each one a tenant can reach names the tenant. */
@ApplicationScoped
public class ChannelRepository {
    static final String COLUMNS = "c.id, c.client_id, c.channel_type, c.name, c.url, c.addresses, c.signing_secret, c.paused_at,"
            + " c.paused_reason, c.created_at";

    private final Pool pool;
    private final JsonColumns json;

    ChannelRepository(Pool pool, JsonColumns json) {
        this.pool = pool;
        this.json = json;
    }

    /** Stores a new channel; its id. */
    public Uni<Long> add(long tenant, ChannelType type, String name, String url, List<String> addresses, String secret, Instant at) {
        return pool.preparedQuery("INSERT INTO alert_channels (client_id, channel_type, name, url, addresses, signing_secret, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .execute(Tuple.from(Arrays.asList(tenant, type.id(), name, url,
                        addresses.isEmpty() ? null : json.write(addresses), secret, utc(at))))
                .map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID));
    }

    public Uni<List<Channel>> list(long tenant) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM alert_channels c WHERE c.client_id = ? ORDER BY c.id")
                .execute(Tuple.of(tenant)).map(this::each);
    }

    /** The tenant's channel, or null (none, or another tenant's). */
    public Uni<Channel> find(long tenant, long id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM alert_channels c WHERE c.client_id = ? AND c.id = ?")
                .execute(Tuple.of(tenant, id)).map(rows -> each(rows).stream().findFirst().orElse(null));
    }

    /** How many of {@code ids} are the tenant's channels. */
    public Uni<Integer> countOwned(long tenant, List<Long> ids) {
        List<Object> params = new ArrayList<>(ids);
        params.add(0, tenant);
        return pool.preparedQuery("SELECT COUNT(*) AS n FROM alert_channels WHERE client_id = ? AND id IN ("
                        + Rows.marks(ids.size()) + ")")
                .execute(Tuple.from(params)).map(rows -> Rows.first(rows, row -> row.getInteger("n")));
    }

    /** Saves the channel's name and destination, and lifts its pause; whether the tenant has it. */
    public Uni<Boolean> update(long tenant, long id, String name, String url, List<String> addresses) {
        return pool.preparedQuery("UPDATE alert_channels SET name = ?, url = ?, addresses = ?, failing_since = NULL, paused_at = NULL,"
                        + " paused_reason = NULL WHERE client_id = ? AND id = ?")
                .execute(Tuple.from(Arrays.asList(name, url, addresses.isEmpty() ? null : json.write(addresses), tenant, id)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Deletes the channel, its deliveries and its place in rules; whether the tenant had it. */
    public Uni<Boolean> delete(long tenant, long id) {
        return pool.preparedQuery("DELETE FROM alert_channels WHERE client_id = ? AND id = ?").execute(Tuple.of(tenant, id))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Deliveries to these channels arrived: none of them is failing. */
    public Uni<Void> succeeded(List<Long> ids) {
        return pool.preparedQuery("UPDATE alert_channels SET failing_since = NULL WHERE id IN (" + Rows.marks(ids.size())
                        + ") AND failing_since IS NOT NULL")
                .execute(Tuple.from(ids)).replaceWithVoid();
    }

    /**
     * A delivery to the channel failed at {@code now}: it is failing since its first failure after its last success, and
     * paused, for {@code reason}, once that is {@code pausedIfFailingSince} or earlier.
     */
    public Uni<Void> failed(long id, Instant now, Instant pausedIfFailingSince, String reason) {
        // MariaDB assigns left to right: failing_since is already set when the pause is decided.
        return pool.preparedQuery("UPDATE alert_channels SET failing_since = COALESCE(failing_since, ?),"
                        + " paused_reason = IF(paused_at IS NULL AND failing_since <= ?, ?, paused_reason),"
                        + " paused_at = IF(paused_at IS NULL AND failing_since <= ?, ?, paused_at) WHERE id = ?")
                .execute(Tuple.from(List.of(utc(now), utc(pausedIfFailingSince), reason, utc(pausedIfFailingSince), utc(now), id)))
                .replaceWithVoid();
    }

    private List<Channel> each(RowSet<Row> rows) {
        return Rows.each(rows, this::read);
    }

    Channel read(Row row) {
        return new Channel(row.getLong("id"), row.getLong("client_id"), ChannelType.fromId(row.getString("channel_type")).orElseThrow(),
                row.getString("name"), row.getString("url"), json.strings(row.getString("addresses")), row.getString("signing_secret"),
                instant(row.getLocalDateTime("paused_at")), row.getString("paused_reason"), instant(row.getLocalDateTime("created_at")));
    }
}
