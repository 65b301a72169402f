package io.clouddiagnoze.emulator.support;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Real AWS SDK clients for one caller, pointed at the emulator the way services point them at it: endpoint
 * override, region, credentials (static for the platform, AssumeRole for a tenant) and an explicit HTTP
 * client per SDK client, since several are on the class path.
 */
public final class AwsClients implements AutoCloseable {

    public static final StaticCredentialsProvider PLATFORM_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAPLATFORMEXAMPLE", "platform-secret-key"));

    // One Netty client for the whole run: closing one waits out its event loops' quiet period (seconds).
    private static final SdkAsyncHttpClient NETTY = NettyNioAsyncHttpClient.create();

    private final SdkHttpClient urlConnection = UrlConnectionHttpClient.create();
    private final SdkHttpClient apache = Apache5HttpClient.create();
    private final StsClient platformSts;
    private final AwsCredentialsProvider credentials;
    private final StsClient sts;
    private final Ec2Client ec2;
    private final Ec2AsyncClient ec2Async;
    private final S3Client s3;
    private final S3ControlClient s3Control;
    private final RdsClient rds;
    private final CloudWatchClient cloudWatch;
    private final CloudWatchAsyncClient cloudWatchAsync;

    private AwsClients(URI endpoint, Region region, boolean retries, String roleArn, String externalId) {
        ClientOverrideConfiguration configuration = ClientOverrideConfiguration.builder()
                .retryStrategy(retries ? fastRetries() : AwsRetryStrategy.doNotRetry())
                .build();
        this.platformSts = StsClient.builder().endpointOverride(endpoint).region(region)
                .credentialsProvider(PLATFORM_CREDENTIALS).httpClient(urlConnection)
                .overrideConfiguration(configuration).build();
        this.credentials = roleArn == null ? PLATFORM_CREDENTIALS : StsAssumeRoleCredentialsProvider.builder()
                .stsClient(platformSts)
                .refreshRequest(request -> request.roleArn(roleArn).roleSessionName("clouddiagnoze-scan").externalId(externalId))
                .build();
        this.sts = StsClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .httpClient(apache).overrideConfiguration(configuration).build();
        this.ec2 = Ec2Client.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .httpClient(apache).overrideConfiguration(configuration).build();
        this.ec2Async = Ec2AsyncClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .httpClient(NETTY).overrideConfiguration(configuration).build();
        this.s3 = S3Client.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .forcePathStyle(true).httpClient(urlConnection).overrideConfiguration(configuration).build();
        // S3 Control would name the account in the host too (111122223333.127.0.0.1), which nothing resolves.
        this.s3Control = S3ControlClient.builder().endpointProvider(params -> CompletableFuture.completedFuture(
                        Endpoint.builder().url(endpoint).build()))
                .region(region).credentialsProvider(credentials).httpClient(urlConnection).overrideConfiguration(configuration).build();
        this.rds = RdsClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .httpClient(apache).overrideConfiguration(configuration).build();
        this.cloudWatch = CloudWatchClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .httpClient(urlConnection).overrideConfiguration(configuration).build();
        this.cloudWatchAsync = CloudWatchAsyncClient.builder().endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials).httpClient(NETTY).overrideConfiguration(configuration).build();
    }

    /** Clients acting as the platform itself (static credentials, no resources). */
    public static AwsClients platform(Region region) {
        return new AwsClients(SharedEmulator.endpoint(), region, true, null, null);
    }

    /** Clients acting in a tenant account through AssumeRole, retrying like production clients but faster. */
    public static AwsClients tenant(Region region, String roleArn, String externalId) {
        return new AwsClients(SharedEmulator.endpoint(), region, true, roleArn, externalId);
    }

    /** Tenant clients that never retry, so an injected error surfaces on the first attempt. */
    public static AwsClients tenantWithoutRetries(Region region, String roleArn, String externalId) {
        return new AwsClients(SharedEmulator.endpoint(), region, false, roleArn, externalId);
    }

    public static AwsClients demoTenant(Region region) {
        return tenant(region, SharedEmulator.DEMO_ROLE, SharedEmulator.DEMO_EXTERNAL_ID);
    }

    // The SDK's default backoff waits up to seconds on throttling; the same strategy with short delays.
    private static RetryStrategy fastRetries() {
        BackoffStrategy backoff = BackoffStrategy.exponentialDelay(Duration.ofMillis(5), Duration.ofMillis(40));
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(10).backoffStrategy(backoff).throttlingBackoffStrategy(backoff)
                .circuitBreakerEnabled(false).build();
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /** STS signed with the platform's static credentials, as the platform calls AssumeRole. */
    public StsClient platformSts() {
        return platformSts;
    }

    /** STS signed with this caller's credentials. */
    public StsClient sts() {
        return sts;
    }

    public Ec2Client ec2() {
        return ec2;
    }

    public Ec2AsyncClient ec2Async() {
        return ec2Async;
    }

    public S3Client s3() {
        return s3;
    }

    public S3ControlClient s3Control() {
        return s3Control;
    }

    public RdsClient rds() {
        return rds;
    }

    public CloudWatchClient cloudWatch() {
        return cloudWatch;
    }

    public CloudWatchAsyncClient cloudWatchAsync() {
        return cloudWatchAsync;
    }

    @Override
    public void close() {
        sts.close();
        ec2.close();
        ec2Async.close();
        s3.close();
        s3Control.close();
        rds.close();
        cloudWatch.close();
        cloudWatchAsync.close();
        if (credentials instanceof StsAssumeRoleCredentialsProvider provider) {
            provider.close();
        }
        platformSts.close();
        urlConnection.close();
        apache.close();
    }
}
