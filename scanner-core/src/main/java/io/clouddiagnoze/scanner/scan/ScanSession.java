package io.clouddiagnoze.scanner.scan;

import io.clouddiagnoze.contracts.events.ScanRequested;
import io.clouddiagnoze.aws.AccountRateLimiter;
import io.clouddiagnoze.aws.AwsClients;
import io.clouddiagnoze.aws.TenantCredentials.TenantSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import mutiny.zero.flow.adapters.AdaptersToFlow;
import org.reactivestreams.Publisher;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkAsyncClientBuilder;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * One scan in one tenant account: the tenant's credentials, the clients made for it (one per service and
 * region, closed with the session), and paced access to AWS so that every call counts against the
 * account's rate limit.
 */
public final class ScanSession implements AutoCloseable {
    private final ScanRequested request;
    private final TenantSession tenant;
    private final AwsClients clients;
    private final AccountRateLimiter limiter;
    private final int pageSize;
    private final Map<String, SdkAutoCloseable> openClients = new ConcurrentHashMap<>();
    private final Map<String, Object> memo = new ConcurrentHashMap<>();

    ScanSession(ScanRequested request, TenantSession tenant, AwsClients clients, AccountRateLimiter limiter, int pageSize) {
        this.request = request;
        this.tenant = tenant;
        this.clients = clients;
        this.limiter = limiter;
        this.pageSize = pageSize;
    }

    public ScanRequested request() {
        return request;
    }

    /** How many resources a listing call asks for at once ({@code clouddiagnoze.scanner.page-size}, per scanner). */
    public int pageSize() {
        return pageSize;
    }

    public String accountId() {
        return tenant.accountId();
    }

    /** The client of a service in {@code region}, made once per scan. */
    @SuppressWarnings("unchecked")
    public <B extends AwsClientBuilder<B, C> & SdkAsyncClientBuilder<B, C>, C extends SdkAutoCloseable> C client(
            String region, Supplier<B> builder) {
        B fresh = builder.get();
        return (C) openClients.computeIfAbsent(fresh.getClass().getName() + "@" + region,
                key -> clients.build(fresh, tenant, region));
    }

    /** One AWS call, made when the account's rate limit allows. */
    public <T> Uni<T> call(Supplier<CompletableFuture<T>> call) {
        return limiter.acquire(tenant.accountId()).flatMap(ready -> Uni.createFrom().completionStage(call));
    }

    /** The pages of an SDK paginator, each requested when the previous one is handled and the rate limit allows. */
    public <T> Multi<T> pages(Publisher<T> paginator) {
        return Multi.createFrom().publisher(AdaptersToFlow.publisher(paginator))
                .onItem().call(page -> limiter.acquire(tenant.accountId()));
    }

    /** A value computed once per scan, e.g. the bucket list that every region of an S3 scan reads. */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> once(String key, Function<ScanSession, Uni<T>> compute) {
        return ((Uni<T>) memo.computeIfAbsent(key, k -> compute.apply(this).memoize().indefinitely()));
    }

    @Override
    public void close() {
        openClients.values().forEach(SdkAutoCloseable::close);
        openClients.clear();
    }
}
