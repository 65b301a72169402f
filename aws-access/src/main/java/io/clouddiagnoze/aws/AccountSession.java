package io.clouddiagnoze.aws;

import io.clouddiagnoze.aws.TenantCredentials.TenantSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import mutiny.zero.flow.adapters.AdaptersToFlow;
import org.reactivestreams.Publisher;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkAsyncClientBuilder;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A piece of work in one tenant account: the tenant's credentials, the clients made for it (one per service
 * and region, closed with the session), and paced access to AWS so that every call counts against the
 * account's rate limit.
 */
public class AccountSession implements AutoCloseable {
    private final TenantSession tenant;
    private final AwsClients clients;
    private final AccountRateLimiter limiter;
    private final Map<String, SdkAutoCloseable> openClients = new ConcurrentHashMap<>();

    public AccountSession(TenantSession tenant, AwsClients clients, AccountRateLimiter limiter) {
        this.tenant = tenant;
        this.clients = clients;
        this.limiter = limiter;
    }

    public String accountId() {
        return tenant.accountId();
    }

    /** The client of a service in {@code region}, made once per session. */
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

    @Override
    public void close() {
        openClients.values().forEach(SdkAutoCloseable::close);
        openClients.clear();
    }
}
