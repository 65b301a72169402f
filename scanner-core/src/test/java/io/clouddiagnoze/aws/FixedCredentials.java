package io.clouddiagnoze.aws;

import io.clouddiagnoze.aws.TenantCredentials.TenantSession;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Tenant credentials for tests, with no STS: every role is assumed in its own account, or every role refuses. */
public final class FixedCredentials extends TenantCredentials implements AutoCloseable {
    private final boolean refused;

    private FixedCredentials(boolean refused) {
        super("us-east-1", Duration.ofHours(1));
        this.refused = refused;
    }

    public static FixedCredentials granted() {
        return new FixedCredentials(false);
    }

    /** Every AssumeRole is refused, as STS refuses a role whose trust policy does not name CloudDiagnoze. */
    public static FixedCredentials refused() {
        return new FixedCredentials(true);
    }

    @Override
    public Uni<TenantSession> assume(long tenantId, String roleArn, String externalId, String sessionName) {
        return refused
                ? Uni.createFrom().failure(new AccessDeniedException("cannot assume " + roleArn + ": AccessDenied", null))
                : Uni.createFrom().item(new TenantSession(roleArn, roleArn.split(":")[4],
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("ASIATEST", "secret"))));
    }

    @Override
    public void close() {
        super.close();
    }
}
