package io.clouddiagnoze.system;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What a tenant's AWS account answers badly: throttling, a refused role, a failing region, values longer than expected. */
@FaultFamily
@Order(1)
class AwsFaultsTest {
    private final Faults faults;

    AwsFaultsTest(Faults faults) {
        this.faults = faults;
    }

    @Test
    @Tag("throttled")
    void throttled() throws Exception {
        Api.Tenant tenant = faults.tenant("throttled");
        faults.fault(tenant, Map.of("type", "throttle", "rate", 0.3, "seed", 3));
        long started = System.nanoTime();
        List<Long> runs = faults.api.scan(tenant, Faults.ALL_SERVICES);
        faults.awaitClosed(runs);
        faults.verdict("throttled", runs, "30% of AWS calls throttled: the scans took " + Faults.secondsSince(started) + " s ("
                + faults.baselineSeconds() + " s without)");
    }

    @Test
    @Tag("assume_denied")
    void assumeDenied() throws Exception {
        Api.Tenant tenant = faults.tenant("assume-denied");
        faults.fault(tenant, Map.of("service", "sts", "operation", "AssumeRole", "type", "accessDenied"));
        List<Long> runs = faults.api.scan(tenant, Faults.ALL_SERVICES);
        faults.awaitClosed(runs);
        long errors = runs.stream().map(run -> faults.view(tenant, run))
                .filter(view -> view.path("status").asText().equals("error") && view.path("error").asText().contains("AccessDenied")).count();
        long rows = faults.rows(runs);
        boolean held = errors == 4 && rows == 0;
        FaultTable.verdict("assume_denied", held, held ? "AssumeRole denied: all 4 scan runs closed as error, the API says AccessDenied"
                : "AssumeRole denied: " + errors + " of 4 runs in error naming AccessDenied, " + rows + " rows", 0);
    }

    @Test
    @Tag("region_fails")
    void regionFails() throws Exception {
        Api.Tenant tenant = faults.tenant("region-fails");
        faults.fault(tenant, Map.of("service", "ec2", "region", "eu-west-1", "type", "internalError"));
        long run = faults.scanToEnd(tenant, "ec2");
        JsonNode view = faults.view(tenant, run);
        String outcomes = StreamSupport.stream(view.path("regionOutcomes").spliterator(), false)
                .filter(outcome -> List.of("eu-west-1", "us-east-1").contains(outcome.path("region").asText()))
                .map(outcome -> outcome.path("region").asText() + "=" + outcome.path("outcome").asText()).sorted()
                .collect(Collectors.joining(","));
        long rows = faults.database.count("SELECT COUNT(*) FROM ec2_instances WHERE scan_run_id = " + run + " AND region = 'us-east-1'");
        long want = faults.expected("ec2") / 2;
        String status = view.path("status").asText();
        boolean held = outcomes.equals("eu-west-1=error,us-east-1=ok") && rows == want && !status.equals("in_progress");
        FaultTable.verdict("region_fails", held, held
                ? "eu-west-1 failing: the run closed " + status + ", eu-west-1 in error, us-east-1's " + rows + " instances stored"
                : "eu-west-1 failing: " + status + ", " + outcomes + ", " + rows + " of " + want + " us-east-1 rows", want - rows);
    }

    /**
     * Real AWS values longer than the seed's columns (the demo account's Oracle database: an engine version of 34
     * characters, a status of 35), and a scan denied in every one of the 17 regions (its joined error over 4,000
     * characters): both must be stored, the error summed up within its column.
     */
    @Test
    @Tag("long_values")
    void longValues() throws Exception {
        Api.Tenant tenant = faults.tenant("long-values", null);
        long rds = faults.scanToEnd(tenant, "rds");
        String stored = faults.database.text("SELECT CONCAT(engine_version, ' ', status) FROM rds_instances WHERE scan_run_id = " + rds
                + " AND db_identifier = 'legacy-db'");
        faults.fault(tenant, Map.of("service", "ec2", "operation", "DescribeInstances", "type", "accessDenied"));
        long ec2 = faults.scanToEnd(tenant, "ec2");
        JsonNode view = faults.view(tenant, ec2);
        long regions = StreamSupport.stream(view.path("regionOutcomes").spliterator(), false)
                .filter(outcome -> outcome.path("outcome").asText().equals("error")).count();
        String error = view.path("error").asText();
        int length = error.codePointCount(0, error.length());
        String rdsStatus = faults.database.text("SELECT status FROM scan_runs WHERE id = " + rds);
        boolean held = rdsStatus.equals("success") && "19.0.0.0.ru-2024-04.rur-2024-04.r1 inaccessible-encryption-credentials".equals(stored)
                && view.path("status").asText().equals("error") && regions == 17 && length <= 4000 && error.contains("more regions failed");
        FaultTable.verdict("long_values", held, held
                ? "an Oracle engine version of 34 characters and a status of 35 stored whole; EC2 denied in all 17 regions: the run closed as"
                        + " error with its summary (" + length + " characters, every region's reason in its outcomes)"
                : "RDS run " + rdsStatus + ", legacy-db stored as '" + stored + "'; EC2 run " + view.path("status").asText() + " with "
                        + regions + " regions in error, an error of " + length + " characters", 0);
    }
}
