package io.clouddiagnoze.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clouddiagnoze.contracts.EventHeaders;
import io.clouddiagnoze.contracts.Topics;
import io.clouddiagnoze.testsupport.TestTokens;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Events the system must not act on as they came: a batch the database refuses, copies, poison, a replayed request. */
@FaultFamily
@Order(3)
class EventFaultsTest {
    private static final Duration DEAD_LETTER_LIMIT = Duration.ofSeconds(60);

    private final Faults faults;

    EventFaultsTest(Faults faults) {
        this.faults = faults;
    }

    /**
     * A batch the database refuses (a check constraint added for the case refuses this tenant's RDS rows): its run must
     * close as error with the reason, and the next tenant's scan, started after it, succeed with exact counts.
     */
    @Test
    @Tag("refused_batch")
    void refusedBatch() throws Exception {
        Api.Tenant tenant = faults.tenant("refused-batch");
        JsonNode view;
        List<Long> next;
        faults.database.execute("ALTER TABLE rds_instances ADD CONSTRAINT reliability_refuse CHECK (client_id <> " + tenant.id() + ")");
        try {
            long refused = faults.scanToEnd(tenant, "rds");
            view = faults.view(tenant, refused);
            next = faults.api.scan(faults.tenant("after-refused-batch"), List.of("rds"));
            faults.awaitClosed(next);
        } finally {
            faults.database.execute("ALTER TABLE rds_instances DROP CONSTRAINT IF EXISTS reliability_refuse");
        }
        int ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(Stack.direct("scan-orchestrator", "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        Faults.Exactness exact = faults.exact(next);
        String error = view.path("error").asText();
        boolean held = view.path("status").asText().equals("error")
                && error.contains("refused by the database: CONSTRAINT `reliability_refuse` failed") && ready == 200 && exact.held();
        FaultTable.verdict("refused_batch", held, held
                ? "a batch refused by the database: its run closed as error (\"" + error.substring(0, Math.min(90, error.length()))
                        + "…\"), the next tenant's scan exact (" + exact.detail() + "), scan-orchestrator ready"
                : "refused run: " + view.path("status").asText() + ": " + error + "; next tenant: " + exact.detail() + "; readiness " + ready,
                exact.lost());
    }

    @Test
    @Tag("redelivered")
    void redelivered() throws Exception {
        Api.Tenant tenant = faults.tenant("redelivered");
        faults.slowEc2(tenant);
        List<Long> runs = faults.api.scan(tenant, Faults.ALL_SERVICES);
        Thread.sleep(4000);
        long open = faults.openRuns(runs);
        int during = faults.bus.replay(Topics.RESOURCES_DISCOVERED, runs);
        faults.awaitClosed(runs);
        int after = faults.bus.replay(Topics.RESOURCES_DISCOVERED, runs) + faults.bus.replay(Topics.SCAN_RESULTS, runs);
        Thread.sleep(10_000);
        faults.struck("redelivered", runs, "every event delivered twice: " + during + " batches while the scan ran, all " + after
                + " events after it closed", open);
    }

    /**
     * Records no one should act on, each sent to resources-discovered: each must reach dead-letter with its reason, and
     * write nothing. A dead letter keeps the refused payload, so each poison record is built on a payload of its own
     * (several batches of one real scan, or marked text).
     */
    @Test
    @Tag("poison_records")
    void poisonRecords() throws Exception {
        long ownRun = faults.api.scan(faults.tenant("poison-owner"), List.of("ec2")).get(0);
        long otherRun = faults.api.scan(faults.tenant("poison-other"), List.of("ec2")).get(0);
        faults.awaitClosed(List.of(ownRun, otherRun));
        List<ConsumerRecord<String, byte[]>> own = faults.bus.records(Topics.RESOURCES_DISCOVERED, List.of(ownRun));
        ConsumerRecord<String, byte[]> other = faults.bus.records(Topics.RESOURCES_DISCOVERED, List.of(otherRun)).get(0);
        if (own.size() < 4) {
            FaultTable.verdict("poison_records", false, "the owner's scan sent " + own.size() + " batches, fewer than the 4 needed", 0);
        }
        long rowsBefore = faults.database.count("SELECT COUNT(*) FROM ec2_instances");
        String scanToken = Bus.header(own.get(0), EventHeaders.TENANT_TOKEN);
        ObjectNode header = ForgedTokens.part(scanToken, 0);
        ObjectNode claims = ForgedTokens.part(scanToken, 1);
        PrivateKey scanKey = ForgedTokens.stackKey(faults.stack.runDir(), "scan-token");
        String marker = "poison-" + System.nanoTime();
        ObjectNode otherPayload = (ObjectNode) Bus.json(other.value());
        Map<String, Poison> poison = new LinkedHashMap<>();
        poison.put("not_json", Poison.withPayload(own.get(0), marker + ": this is {not JSON"));
        poison.put("wrong_schema", Poison.withPayload(own.get(0), Api.JSON.createObjectNode().put("unexpected", marker).toString()));
        poison.put("unknown_version", Poison.withHeader(own.get(1), EventHeaders.CE_TYPE, "io.clouddiagnoze.resources.discovered.v99"));
        poison.put("forged_token", Poison.withHeader(own.get(2), EventHeaders.TENANT_TOKEN,
                ForgedTokens.sign(header, claims, TestTokens.newKeyPair().getPrivate())));
        poison.put("expired_token", Poison.withHeader(own.get(3), EventHeaders.TENANT_TOKEN,
                ForgedTokens.sign(header, ForgedTokens.expired(claims), scanKey)));
        poison.put("other_tenants_run", Poison.withPayload(other, otherPayload.put("scanRunId", ownRun).toString()));
        poison.values().forEach(record -> faults.bus.send(record.base(), record.payload(), record.header(), record.value()));
        // scan-orchestrator, the one reader of resources-discovered, must refuse each.
        List<String> missing;
        long deadline = System.nanoTime() + DEAD_LETTER_LIMIT.toNanos();
        while (true) {
            List<JsonNode> letters = faults.bus.deadLetters();
            missing = new ArrayList<>();
            for (Map.Entry<String, Poison> kind : poison.entrySet()) {
                String payload = new String(kind.getValue().payload(), StandardCharsets.UTF_8);
                if (refusals(letters, "scan-orchestrator", payload) == 0) {
                    missing.add(kind.getKey());
                }
            }
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(5000);
        }
        long rowsAfter = faults.database.count("SELECT COUNT(*) FROM ec2_instances");
        boolean held = missing.isEmpty() && rowsBefore == rowsAfter;
        FaultTable.verdict("poison_records", held, held
                ? poison.size() + " poison records (not JSON, wrong schema, unknown version, forged and expired tokens, another tenant's run):"
                        + " each dead-lettered with its reason by scan-orchestrator, no row written"
                : "poison records not dead-lettered by scan-orchestrator: " + (missing.isEmpty() ? "none" : String.join(" ", missing)) + "; rows "
                        + rowsBefore + " → " + rowsAfter, rowsAfter - rowsBefore);
    }

    /** A record of a real scan sent again with another payload, or with one header's value replaced. */
    private record Poison(ConsumerRecord<String, byte[]> base, byte[] payload, String header, String value) {
        static Poison withPayload(ConsumerRecord<String, byte[]> base, String payload) {
            return new Poison(base, payload.getBytes(StandardCharsets.UTF_8), null, null);
        }

        static Poison withHeader(ConsumerRecord<String, byte[]> base, String header, String value) {
            return new Poison(base, base.value(), header, value);
        }
    }

    /**
     * How many of the dead letters are {@code service}'s refusals of {@code payload} (a letter repeats at most 128 KiB of
     * it, the rest cut and marked with a final …).
     */
    private static long refusals(List<JsonNode> letters, String service, String payload) {
        return letters.stream().filter(letter -> letter.path("failedBy").asText().equals(service)).map(letter -> letter.path("payload").asText())
                .filter(letter -> letter.equals(payload) || letter.endsWith("…") && payload.startsWith(letter.substring(0, letter.length() - 1)))
                .count();
    }

    /**
     * The attack the scan tokens' role binding stops: tenant A's own scan request, read off scan-requests.ec2, written
     * back (as a writer the ACLs would have to let in: the suite writes as admin) with tenant B's role ARN and ExternalId
     * under A's token; then with the scan's events token, which batches carry, in place of the request token. Neither is
     * scanned: each is dead-lettered with its reason, B's role is never assumed (a fault rule on B's AssumeRole counts no
     * hit), and A's own scan ends exact.
     */
    @Test
    @Tag("replayed_request")
    void replayedRequest() throws Exception {
        Api.Tenant victim = faults.tenant("replay-victim");
        Api.Tenant attacker = faults.tenant("replay-attacker");
        faults.fault(victim, Map.of("service", "sts", "operation", "AssumeRole", "type", "latency", "latencyMs", 1));
        faults.slowEc2(attacker);
        List<Long> run = faults.api.scan(attacker, List.of("ec2"));
        String topic = Topics.SCAN_REQUESTS_PREFIX + "ec2";
        List<ConsumerRecord<String, byte[]>> requests = faults.bus.records(topic, run);
        for (int i = 0; i < 20 && requests.isEmpty(); i++) {
            Thread.sleep(1000);
            requests = faults.bus.records(topic, run);
        }
        ConsumerRecord<String, byte[]> request = requests.get(0);
        ObjectNode forged = ((ObjectNode) Bus.json(request.value())).put("roleArn", victim.roleArn()).put("externalId", victim.externalId());
        faults.bus.send(request, forged.toString().getBytes(StandardCharsets.UTF_8), null, null);
        faults.bus.send(request, request.value(), EventHeaders.REQUEST_TOKEN, Bus.header(request, EventHeaders.TENANT_TOKEN));
        List<String> reasons;
        long deadline = System.nanoTime() + DEAD_LETTER_LIMIT.toNanos();
        while (true) {
            reasons = faults.bus.deadLetters().stream().filter(letter -> letter.path("originalTopic").asText().equals(topic)
                            && Bus.json(letter.path("payload").asText().getBytes(StandardCharsets.UTF_8)).path("scanRunId").asLong() == run.get(0))
                    .map(letter -> letter.path("reason").asText()).toList();
            if (reasons.size() >= 2 || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(3000);
        }
        faults.awaitClosed(run);
        long assumed = 0;
        for (JsonNode rule : faults.faultRules()) {
            if (rule.path("rule").path("roleArn").asText().equals(victim.roleArn())) {
                assumed += rule.path("matched").asLong();
            }
        }
        Faults.Exactness exact = faults.exact(run);
        boolean held = reasons.stream().filter(reason -> reason.contains("role ARN or ExternalId other than")).count() == 1
                && reasons.stream().filter(reason -> reason.contains("scan request token refused")).count() == 1 && assumed == 0 && exact.held();
        FaultTable.verdict("replayed_request", held, held
                ? "A's request replayed with B's role and ExternalId, and with its events token as request token: both dead-lettered unscanned,"
                        + " B's role never assumed; A's scan exact (" + exact.detail() + ")"
                : "refusals: " + reasons + "; AssumeRole of B's role: " + assumed + "; A's scan: " + exact.detail(), 0);
    }
}
