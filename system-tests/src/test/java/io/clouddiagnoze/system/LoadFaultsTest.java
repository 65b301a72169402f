package io.clouddiagnoze.system;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** More than the system is asked for on a quiet day: an export flood, thousands of bad requests, a burst of tenants. */
@FaultFamily
@Order(5)
class LoadFaultsTest {
    private static final int EXPORTS = 25;
    private static final int READS = 20;

    private final Faults faults;

    LoadFaultsTest(Faults faults) {
        this.faults = faults;
    }

    /**
     * One tenant asks for 25 exports of a 2,000-instance scan at once, through the gateway. Past its share (4 at a time)
     * they are refused with 429 and Retry-After; meanwhile another tenant's inventory answers as it does without them,
     * and a third tenant's scan, started during the flood, ends exact.
     */
    @Test
    @Tag("export_flood")
    void exportFlood() throws Exception {
        Api.Tenant flooder = faults.tenant("flooder");
        long run = faults.scanToEnd(flooder, "ec2");
        Api.Tenant reader = faults.tenant("reader");
        faults.api.scan(reader, List.of("ec2"));
        List<Read> before = inventoryReads(reader);
        ExecutorService flood = Executors.newFixedThreadPool(EXPORTS);
        List<CompletableFuture<HttpResponse<String>>> exports = new ArrayList<>();
        for (int i = 0; i < EXPORTS; i++) {
            exports.add(CompletableFuture.supplyAsync(() -> faults.api.call("GET", "/api/scans/" + run + "/export?format=csv", flooder.token(),
                    null), flood));
        }
        List<Long> scanned = faults.api.scan(faults.tenant("during-flood"), Faults.ALL_SERVICES);
        List<Read> during = inventoryReads(reader);
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> export : exports) {
            answers.add(export.join());
        }
        flood.shutdown();
        faults.awaitClosed(scanned);
        long ok = answers.stream().filter(answer -> answer.statusCode() == 200).count();
        long refused = answers.stream().filter(answer -> answer.statusCode() == 429).count();
        long retry = answers.stream().filter(answer -> answer.headers().firstValue("Retry-After").orElse("").equals("5")).count();
        long errors = before.stream().filter(read -> read.status() != 200).count() + during.stream().filter(read -> read.status() != 200).count();
        String tried = String.format("%d exports at once by one tenant: %d served, %d refused with 429 (%d with Retry-After); another tenant's"
                        + " inventory p50 %.3f s, slowest %.3f s during them (%.3f s, %.3f s before)", EXPORTS, ok, refused, retry,
                median(during), slowest(during), median(before), slowest(before));
        Faults.Exactness exact = faults.exact(scanned);
        boolean held = refused >= 1 && ok + refused == EXPORTS && retry == refused && errors == 0 && slowest(during) < 2.0 && exact.held();
        FaultTable.verdict("export_flood", held, held ? tried + "; a scan started during them exact (" + exact.detail() + ")"
                : tried + "; inventory errors: " + errors + "; the scan during them: " + exact.detail(), exact.lost());
    }

    /** One inventory read: its status and how long it took. */
    private record Read(int status, double seconds) {
    }

    /** 20 inventory reads of the tenant, one after the other. */
    private List<Read> inventoryReads(Api.Tenant tenant) {
        List<Read> reads = new ArrayList<>();
        for (int i = 0; i < READS; i++) {
            long start = System.nanoTime();
            int status = faults.api.call("GET", "/api/inventory/ec2", tenant.token(), null).statusCode();
            reads.add(new Read(status, (System.nanoTime() - start) / 1e9));
        }
        return reads;
    }

    private static double median(List<Read> reads) {
        return reads.stream().mapToDouble(Read::seconds).sorted().skip(reads.size() / 2 - 1).findFirst().orElseThrow();
    }

    private static double slowest(List<Read> reads) {
        return reads.stream().mapToDouble(Read::seconds).max().orElseThrow();
    }

    /** Every public endpoint of every service, as its OpenAPI document declares it, fed generated bad requests. */
    @Test
    @Tag("bad_input")
    void badInput() throws Exception {
        Outcome sweep = BadInputSweep.sweep(faults.api, faults.database);
        FaultTable.verdict("bad_input", sweep.held(), sweep.held()
                ? sweep.summary() + ": no 5xx, every refusal a problem body, no stack trace, the database unchanged by every refusal"
                : sweep.summary(), 0);
    }

    /** 200 scan requests and 50 API clients for 60 s, with every service's health asked throughout. */
    @Test
    @Tag("load")
    void load() throws Exception {
        Outcome burst = LoadBurst.burst(faults.api, faults.database);
        FaultTable.verdict("load", burst.held(), burst.summary(), burst.held() ? "0" : "?");
    }
}
