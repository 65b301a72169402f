package io.clouddiagnoze.scanner.scan;

import io.clouddiagnoze.aws.AccountRateLimiter;
import io.clouddiagnoze.aws.AccountSession;
import io.clouddiagnoze.aws.AwsClients;
import io.clouddiagnoze.aws.TenantCredentials.TenantSession;
import io.clouddiagnoze.contracts.events.ScanRequested;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** One scan in one tenant account: the account session, the request it serves, and values computed once per scan. */
public final class ScanSession extends AccountSession {
    private final ScanRequested request;
    private final int pageSize;
    private final Map<String, Object> memo = new ConcurrentHashMap<>();

    ScanSession(ScanRequested request, TenantSession tenant, AwsClients clients, AccountRateLimiter limiter, int pageSize) {
        super(tenant, clients, limiter);
        this.request = request;
        this.pageSize = pageSize;
    }

    public ScanRequested request() {
        return request;
    }

    /** How many resources a listing call asks for at once ({@code clouddiagnoze.scanner.page-size}, per scanner). */
    public int pageSize() {
        return pageSize;
    }

    /** A value computed once per scan, e.g. the bucket list that every region of an S3 scan reads. */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> once(String key, Function<ScanSession, Uni<T>> compute) {
        return ((Uni<T>) memo.computeIfAbsent(key, k -> compute.apply(this).memoize().indefinitely()));
    }
}
