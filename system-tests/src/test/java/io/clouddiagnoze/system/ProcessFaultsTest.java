package io.clouddiagnoze.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.clouddiagnoze.testsupport.LocalMachine;
import io.clouddiagnoze.testsupport.WebhookReceiver;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Processes of the system stopped or killed in the middle of their work: the broker, a scanner, the orchestrator, the
 * database during a scan; notification-service while it delivers.
 */
@FaultFamily
@Order(2)
class ProcessFaultsTest {
    private final Faults faults;

    ProcessFaultsTest(Faults faults) {
        this.faults = faults;
    }

    @Test
    @Tag("broker_down")
    void brokerDown() throws Exception {
        faults.strike("broker_down", Faults.ALL_SERVICES, Duration.ofSeconds(3), "the Kafka broker stopped for 20 s in the middle of a scan",
                () -> faults.stack.stopBrokerFor(Duration.ofSeconds(20)));
    }

    @Test
    @Tag("scanner_killed")
    void scannerKilled() throws Exception {
        faults.strike("scanner_killed", List.of("ec2"), Duration.ofSeconds(3), "ec2-scanner killed in the middle of a scan, then started again",
                () -> faults.stack.killAndRestart("ec2-scanner"));
    }

    /**
     * A scanner killed for good in the middle of its scan: with no instance left to take the request over, its run must
     * close as an error at scan-orchestrator's timeout (lowered to 40 s here, checked every 30 s), never stay open.
     */
    @Test
    @Tag("scanner_lost")
    void scannerLost() throws Exception {
        int timeout = 40;
        faults.stack.restart("scan-orchestrator", Map.of("SCAN_TIMEOUT", "PT" + timeout + "S"));
        Api.Tenant tenant = faults.tenant("scanner-lost");
        long run;
        long open;
        long waited;
        try {
            faults.slowEc2(tenant);
            run = faults.api.scan(tenant, List.of("ec2")).get(0);
            Thread.sleep(3000);
            open = faults.openRuns(List.of(run));
            faults.stack.kill("ec2-scanner");
            long started = System.nanoTime();
            faults.awaitClosed(List.of(run));
            waited = Faults.secondsSince(started);
        } finally {
            faults.clearFaults();
            faults.stack.restart("ec2-scanner");
            faults.stack.restart("scan-orchestrator");
        }
        JsonNode view = faults.view(tenant, run);
        String status = view.path("status").asText();
        String error = view.path("error").asText();
        boolean held = open == 1 && status.equals("error") && error.contains("timed out");
        FaultTable.verdict("scanner_lost", held, held
                ? "ec2-scanner killed mid-scan and not restarted: the run closed as error after " + waited + " s (timeout " + timeout + " s): \""
                        + error + "\""
                : "ec2-scanner killed mid-scan and not restarted (" + open + " run open when it died): after " + waited + " s the run is "
                        + status + ": " + error, 0);
    }

    /**
     * Two ec2-scanners in one consumer group; the one that took the scan is killed in the middle of it: the other must
     * take the request over once the group notices (the consumer session timeout), and the run end exact.
     */
    @Test
    @Tag("scanner_taken_over")
    void scannerTakenOver() throws Exception {
        String second = faults.stack.another("ec2-scanner", 8095);
        String victim = null;
        long open;
        long waited;
        List<Long> runs;
        try {
            Api.Tenant tenant = faults.tenant("scanner-taken-over");
            faults.slowEc2(tenant);
            runs = faults.api.scan(tenant, List.of("ec2"));
            Thread.sleep(3000);
            open = faults.openRuns(runs);
            boolean secondScans = Files.readString(faults.stack.runDir().resolve("logs/" + second + ".log"))
                    .contains("\"scanRunId\":\"" + runs.get(0) + "\"");
            victim = secondScans ? second : "ec2-scanner";
            faults.stack.kill(victim);
            long started = System.nanoTime();
            faults.awaitClosed(runs);
            waited = Faults.secondsSince(started);
        } finally {
            faults.clearFaults();
            faults.stack.stop(second);
            if ("ec2-scanner".equals(victim)) {
                faults.stack.restart("ec2-scanner");
            }
        }
        faults.struck("scanner_taken_over", runs, victim + " killed mid-scan beside a second instance, which finished the scan " + waited
                + " s later", open);
    }

    @Test
    @Tag("orchestrator_killed")
    void orchestratorKilled() throws Exception {
        faults.strike("orchestrator_killed", Faults.ALL_SERVICES, Duration.ofSeconds(5),
                "scan-orchestrator killed while ingesting, then started again", () -> faults.stack.killAndRestart("scan-orchestrator"));
    }

    /**
     * scan-orchestrator started with a setting out of range ({@code RETENTION_DUTY_CYCLE=0}): it must refuse to start and
     * name the setting, not start and fail at its first retention pass hours later. Then started again as it was.
     */
    @Test
    @Tag("setting_refused")
    void settingRefused() throws Exception {
        String answer;
        try {
            faults.stack.restart("scan-orchestrator", Map.of("RETENTION_DUTY_CYCLE", "0"));
            answer = "it started";
        } catch (IllegalStateException refused) {
            answer = refused.getMessage();
        } finally {
            faults.stack.restart("scan-orchestrator");
        }
        boolean held = answer.contains("scan-orchestrator stopped") && answer.contains("RETENTION_DUTY_CYCLE must be above 0");
        FaultTable.verdict("setting_refused", held, "scan-orchestrator started with RETENTION_DUTY_CYCLE=0: " + (held
                ? "it stopped at start, naming the setting" : answer.lines().limit(3).collect(Collectors.joining(" / "))), 0);
    }

    /**
     * MariaDB out of reach of scan-orchestrator for 10 s while it ingests: the orchestrator is restarted to reach the
     * database through a TCP proxy of the suite's, which is stopped (its open connections cut) and started.
     */
    @Test
    @Tag("database_down")
    void databaseDown() throws Exception {
        try (DatabaseProxy proxy = new DatabaseProxy(LocalMachine.freePort())) {
            faults.stack.restart("scan-orchestrator", Map.of("SERVICE_DB_PORT", String.valueOf(proxy.port())));
            try {
                faults.strike("database_down", Faults.ALL_SERVICES, Duration.ofSeconds(4),
                        "MariaDB out of scan-orchestrator's reach for 10 s while it ingested", () -> proxy.cutFor(Duration.ofSeconds(10)));
            } finally {
                faults.stack.restart("scan-orchestrator");
            }
        }
    }

    /**
     * notification-service killed while its webhook POSTs wait for the receiver's answer, then started again: every alert
     * must still be delivered, each attempt signed, and whatever reaches the receiver twice carries the same
     * Idempotency-Key, so that a receiver that drops a key it has seen gets each alert once. An attempt that never
     * reported is due again five times its timeouts after its claim: 35 s here, with the answer timeout lowered to 2 s.
     */
    @Test
    @Tag("alert_sender_killed")
    void alertSenderKilled() throws Exception {
        Map<String, String> shortAnswers = Map.of("ALERTS_ANSWER_TIMEOUT", "PT2S");
        faults.stack.restart("notification-service", shortAnswers);
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            receiver.hold();
            Api.Tenant tenant = faults.tenant("alert-sender-killed");
            JsonNode channel = faults.api.create("/api/alerts/channels", tenant.token(),
                    Map.of("type", "webhook", "name", "fault suite", "url", receiver.url()));
            String secret = channel.path("secret").asText();
            faults.api.create("/api/alerts/rules", tenant.token(), Map.of("name", "every S3 finding", "events", List.of("finding.opened"),
                    "minSeverity", "low", "services", List.of("s3"), "channelIds", List.of(channel.path("id").asLong()), "delivery", "immediate"));
            faults.scanToEnd(tenant, "s3");
            long opened = faults.api.get("/api/findings?service=s3&size=1", tenant.token()).path("total").asLong();
            boolean inFlight = receiver.awaitRequests(1, Duration.ofSeconds(60));
            int heldWhenKilled = receiver.requests().size();
            faults.stack.kill("notification-service");
            receiver.release();
            long started = System.nanoTime();
            faults.stack.restart("notification-service", shortAnswers);
            String delivered = "SELECT COUNT(*) FROM alert_deliveries WHERE client_id = " + tenant.id() + " AND status = 'delivered'";
            for (long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                 faults.database.count(delivered) < opened && System.nanoTime() < deadline; ) {
                Thread.sleep(500);
            }
            long waited = Faults.secondsSince(started);
            Thread.sleep(3000); // anything sent a third time would arrive now
            List<WebhookReceiver.Request> requests = receiver.requests();
            Map<String, Long> byKey = requests.stream().collect(Collectors.groupingBy(request -> request.header("Idempotency-Key"),
                    Collectors.counting()));
            long unsigned = requests.stream().filter(request -> !WebhookReceiver.signedWith(request, secret)).count();
            long twice = byKey.values().stream().filter(count -> count == 2).count();
            long deliveredRows = faults.database.count(delivered);
            boolean held = inFlight && opened > 0 && deliveredRows == opened && byKey.size() == opened && unsigned == 0
                    && byKey.values().stream().allMatch(count -> count <= 2);
            FaultTable.verdict("alert_sender_killed", held, "notification-service killed with " + heldWhenKilled + " of " + opened
                    + " webhook POSTs waiting for their answer, started again: " + deliveredRows + " delivered " + waited + " s later, "
                    + byKey.size() + " distinct Idempotency-Keys over " + requests.size() + " POSTs (" + twice + " sent again with the same key, "
                    + unsigned + " unsigned)", opened - byKey.size());
        } finally {
            faults.stack.restart("notification-service");
        }
    }
}
