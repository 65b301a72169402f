package io.clouddiagnoze.notification.repository;

import io.clouddiagnoze.notification.model.Rule;
import io.clouddiagnoze.service.persistence.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.mysqlclient.MySQLClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Every statement on {@code alert_rules} and {@code alert_rule_channels}; each names the tenant. */
@ApplicationScoped
public class RuleRepository {
    private static final String SELECT = "SELECT r.id, r.name, r.events, r.min_severity, r.services, r.fields, r.delivery, r.digest_hours,"
            + " (SELECT JSON_ARRAYAGG(rc.channel_id) FROM alert_rule_channels rc WHERE rc.rule_id = r.id) AS channel_ids"
            + " FROM alert_rules r WHERE r.client_id = ?";

    private final Pool pool;
    private final JsonColumns json;

    RuleRepository(Pool pool, JsonColumns json) {
        this.pool = pool;
        this.json = json;
    }

    /** Stores a new rule of the tenant's with its channels; its id. */
    public Uni<Long> add(long tenant, Rule rule, Instant at) {
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO alert_rules"
                                + " (client_id, name, events, min_severity, services, fields, delivery, digest_hours, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .execute(Tuple.from(Arrays.asList(tenant, rule.name(), json.write(rule.events()), rule.minSeverity(),
                                json.write(rule.services()), json.write(rule.fields()), rule.delivery(), rule.digestHours(), Times.utc(at))))
                        .map(rows -> (long) rows.property(MySQLClient.LAST_INSERTED_ID))
                        .call(id -> addChannels(tx, id, rule.channelIds())));
    }

    public Uni<List<Rule>> list(long tenant) {
        return pool.preparedQuery(SELECT + " ORDER BY r.id").execute(Tuple.of(tenant)).map(this::each);
    }

    /** The tenant's rule, or null (none, or another tenant's). */
    public Uni<Rule> find(long tenant, long id) {
        return pool.preparedQuery(SELECT + " AND r.id = ?").execute(Tuple.of(tenant, id))
                .map(rows -> each(rows).stream().findFirst().orElse(null));
    }

    /** Replaces the tenant's rule {@code id} with {@code rule}; whether the tenant has it. */
    public Uni<Boolean> update(long tenant, long id, Rule rule) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE alert_rules SET name = ?, events = ?, min_severity = ?, services = ?,"
                                + " fields = ?, delivery = ?, digest_hours = ? WHERE client_id = ? AND id = ?")
                .execute(Tuple.from(Arrays.asList(rule.name(), json.write(rule.events()), rule.minSeverity(), json.write(rule.services()),
                        json.write(rule.fields()), rule.delivery(), rule.digestHours(), tenant, id)))
                .flatMap(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : tx.preparedQuery("DELETE FROM alert_rule_channels WHERE rule_id = ?").execute(Tuple.of(id))
                                .call(() -> addChannels(tx, id, rule.channelIds())).replaceWith(true)));
    }

    /** Deletes the tenant's rule; whether it had it. */
    public Uni<Boolean> delete(long tenant, long id) {
        return pool.preparedQuery("DELETE FROM alert_rules WHERE client_id = ? AND id = ?").execute(Tuple.of(tenant, id))
                .map(rows -> rows.rowCount() > 0);
    }

    private static Uni<Void> addChannels(SqlClient tx, long rule, List<Long> channels) {
        return tx.preparedQuery("INSERT INTO alert_rule_channels (rule_id, channel_id) VALUES (?, ?)")
                .executeBatch(channels.stream().map(channel -> Tuple.of(rule, channel)).toList()).replaceWithVoid();
    }

    private List<Rule> each(RowSet<Row> rows) {
        return Rows.each(rows, row -> new Rule(row.getLong("id"), row.getString("name"), json.strings(row.getString("events")),
                row.getString("min_severity"), json.strings(row.getString("services")), json.strings(row.getString("fields")),
                json.longs(row.getString("channel_ids")), row.getString("delivery"), row.getInteger("digest_hours")));
    }
}
