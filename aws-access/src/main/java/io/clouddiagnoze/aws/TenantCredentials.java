package io.clouddiagnoze.aws;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Credentials in a tenant's account: STS AssumeRole on the tenant's role with its ExternalId, with the
 * platform's own credentials from the default provider chain. Cached per tenant and role until shortly
 * before they expire; never logged. An AssumeRole that AWS refuses becomes an {@link AccessDeniedException}
 * that says what the customer must check.
 */
@ApplicationScoped
public class TenantCredentials {
    private static final Logger LOG = Logger.getLogger(TenantCredentials.class);
    /** Credentials are renewed this long before they expire, so that no call starts with nearly-dead ones. */
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private final StsClient sts;
    private final Duration sessionDuration;
    private final Map<String, Session> cache = new ConcurrentHashMap<>();

    TenantCredentials(@ConfigProperty(name = "clouddiagnoze.aws.region") String platformRegion,
                      @ConfigProperty(name = "clouddiagnoze.aws.session-duration") Duration sessionDuration) {
        this.sts = StsClient.builder().region(Region.of(platformRegion))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        this.sessionDuration = sessionDuration;
    }

    /**
     * Credentials for {@code roleArn} assumed with {@code externalId}; the session is named after the scan
     * run that first needed it. STS is called on a worker thread, never on the event loop.
     */
    public Uni<TenantSession> assume(long tenantId, String roleArn, String externalId, String sessionName) {
        String key = tenantId + "|" + roleArn + "|" + externalId;
        Session cached = cache.get(key);
        if (cached != null && cached.expiration().isAfter(Instant.now().plus(RENEW_BEFORE))) {
            return Uni.createFrom().item(cached.session());
        }
        return Uni.createFrom().item(() -> assumeNow(roleArn, externalId, sessionName))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .invoke(session -> cache.put(key, session))
                .map(Session::session);
    }

    private Session assumeNow(String roleArn, String externalId, String sessionName) {
        try {
            Credentials credentials = sts.assumeRole(AssumeRoleRequest.builder().roleArn(roleArn).externalId(externalId)
                    .roleSessionName(sessionName).durationSeconds((int) sessionDuration.toSeconds()).build()).credentials();
            AwsCredentialsProvider provider = StaticCredentialsProvider.create(AwsSessionCredentials.builder()
                    .accessKeyId(credentials.accessKeyId()).secretAccessKey(credentials.secretAccessKey())
                    .sessionToken(credentials.sessionToken()).expirationTime(credentials.expiration()).build());
            LOG.debugf("assumed %s until %s", roleArn, credentials.expiration());
            return new Session(new TenantSession(roleArn, accountOf(roleArn), provider), credentials.expiration());
        } catch (RuntimeException e) {
            if (AwsErrors.classify(e) == AwsErrors.Kind.ACCESS_DENIED) {
                throw new AccessDeniedException("cannot assume " + roleArn + ": " + AwsErrors.code(e)
                        + " — check the role's trust policy and ExternalId", e);
            }
            throw e;
        }
    }

    private static String accountOf(String roleArn) {
        return roleArn.split(":")[4];
    }

    @PreDestroy
    void close() {
        sts.close();
    }

    private record Session(TenantSession session, Instant expiration) {
    }

    /** Temporary credentials in one tenant account. */
    public record TenantSession(String roleArn, String accountId, AwsCredentialsProvider credentials) {
        @Override
        public String toString() {
            return "TenantSession[" + roleArn + "]";
        }
    }
}
