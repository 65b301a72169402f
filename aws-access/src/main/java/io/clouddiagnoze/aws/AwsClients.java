package io.clouddiagnoze.aws;

import io.clouddiagnoze.aws.TenantCredentials.TenantSession;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkAsyncClientBuilder;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds the async AWS clients that act in a tenant's account: one shared Netty HTTP client, and the SDK's
 * adaptive retry mode, which backs off and slows its own sending rate when AWS throttles, and deadlines for each
 * attempt and each call: a call whose answer never comes fails as a timeout rather than hold up its scan. Endpoints are the
 * SDK's own choice, so the standard {@code AWS_ENDPOINT_URL} settings point them elsewhere with no code here.
 */
@ApplicationScoped
public class AwsClients {
    private final SdkAsyncHttpClient http;
    private final int maxAttempts;
    private final Duration attemptTimeout;
    private final Duration callTimeout;

    AwsClients(@ConfigProperty(name = "clouddiagnoze.aws.max-attempts") int maxAttempts,
               @ConfigProperty(name = "clouddiagnoze.aws.max-connections") int maxConnections,
               @ConfigProperty(name = "clouddiagnoze.aws.attempt-timeout") Duration attemptTimeout,
               @ConfigProperty(name = "clouddiagnoze.aws.call-timeout") Duration callTimeout) {
        this.http = NettyNioAsyncHttpClient.builder().maxConcurrency(maxConnections).build();
        this.maxAttempts = maxAttempts;
        this.attemptTimeout = attemptTimeout;
        this.callTimeout = callTimeout;
    }

    /** A client of the service {@code builder} makes, in {@code region}, with the tenant's credentials. */
    public <B extends AwsClientBuilder<B, C> & SdkAsyncClientBuilder<B, C>, C> C build(B builder, TenantSession tenant,
                                                                                        String region) {
        return builder.region(Region.of(region))
                .credentialsProvider(tenant.credentials())
                .httpClient(http)
                .overrideConfiguration(o -> o.retryStrategy(
                                AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(maxAttempts).build())
                        .apiCallAttemptTimeout(attemptTimeout).apiCallTimeout(callTimeout))
                .build();
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
