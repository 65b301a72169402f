package io.clouddiagnoze.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clouddiagnoze.aws.StubAws.Answer;
import io.clouddiagnoze.aws.TenantCredentials.TenantSession;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** Checks AssumeRole into a tenant's account: what STS is asked, how long credentials are reused, and a refused role. */
class TenantCredentialsTest {
    private static final String ROLE = "arn:aws:iam::111122223333:role/CloudDiagnozeScanner";
    private static final String EXTERNAL_ID = "cd-7f3a9c";
    private static final String SESSION = "clouddiagnoze-scan-42";

    private final AtomicInteger issued = new AtomicInteger();
    /** How long the stub's STS makes the credentials it issues last. */
    private volatile Duration validity = Duration.ofHours(1);
    private StubAws sts;
    private TenantCredentials credentials;

    @BeforeEach
    void start() {
        sts = new StubAws(this::assumeRole);
        System.setProperty("aws.endpointUrlSts", sts.endpoint().toString());
        System.setProperty("aws.accessKeyId", "AKIAPLATFORM");
        System.setProperty("aws.secretAccessKey", "platform-secret");
        credentials = new TenantCredentials("us-east-1", Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        credentials.close();
        sts.close();
        System.clearProperty("aws.endpointUrlSts");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void theRoleIsAssumedWithTheTenantsExternalIdAndTheScansSessionName() {
        TenantSession session = assume(7, EXTERNAL_ID);

        assertThat(sts.requests()).singleElement().satisfies(request -> {
            assertThat(request.param("Action")).isEqualTo("AssumeRole");
            assertThat(request.param("RoleArn")).isEqualTo(ROLE);
            assertThat(request.param("ExternalId")).isEqualTo(EXTERNAL_ID);
            assertThat(request.param("RoleSessionName")).isEqualTo(SESSION);
            assertThat(request.param("DurationSeconds")).isEqualTo("3600");
            assertThat(request.authorization()).contains("Credential=AKIAPLATFORM/");
        });
        assertThat(session.accountId()).isEqualTo("111122223333");
        assertThat(session.credentials().resolveCredentials()).isInstanceOfSatisfying(AwsSessionCredentials.class,
                assumed -> assertThat(assumed.accessKeyId()).isEqualTo("ASIA1"));
        assertThat(session).hasToString("TenantSession[" + ROLE + "]");
    }

    @Test
    void credentialsAreReusedWhileTheyHaveTimeLeft() {
        TenantSession first = assume(7, EXTERNAL_ID);
        TenantSession second = assume(7, EXTERNAL_ID);

        assertThat(sts.requests()).hasSize(1);
        assertThat(second.credentials().resolveCredentials().accessKeyId())
                .isEqualTo(first.credentials().resolveCredentials().accessKeyId());
    }

    @Test
    void credentialsAboutToExpireAreRenewed() {
        validity = Duration.ofMinutes(4);
        assume(7, EXTERNAL_ID);
        TenantSession renewed = assume(7, EXTERNAL_ID);

        assertThat(sts.requests()).hasSize(2);
        assertThat(renewed.credentials().resolveCredentials().accessKeyId()).isEqualTo("ASIA2");
    }

    @Test
    void anotherTenantNamingTheSameRoleGetsNoneOfTheFirstTenantsCredentials() {
        assume(7, EXTERNAL_ID);
        assume(8, EXTERNAL_ID);

        assertThat(sts.requests()).hasSize(2);
    }

    @Test
    void aRoleThatRefusesUsIsAccessDeniedSayingWhatToCheckAndIsAskedAgainNextTime() {
        assertThatThrownBy(() -> assume(7, "wrong-external-id")).isInstanceOf(AccessDeniedException.class)
                .hasMessage("cannot assume " + ROLE + ": AccessDenied — check the role's trust policy and ExternalId");
        assertThatThrownBy(() -> assume(7, "wrong-external-id")).isInstanceOf(AccessDeniedException.class);

        assertThat(sts.requests()).hasSize(2);
    }

    private TenantSession assume(long tenantId, String externalId) {
        return credentials.assume(tenantId, ROLE, externalId, SESSION).await().atMost(Duration.ofSeconds(20));
    }

    /** STS as the tenant set it up: the role trusts CloudDiagnoze with the tenant's ExternalId only. */
    private Answer assumeRole(StubAws.Request request) {
        if (!ROLE.equals(request.param("RoleArn")) || !EXTERNAL_ID.equals(request.param("ExternalId"))) {
            return Answer.error(403, "AccessDenied", "User: arn:aws:iam::210987654321:user/platform is not authorized to"
                    + " perform: sts:AssumeRole on resource: " + request.param("RoleArn"));
        }
        return new Answer(200, "<AssumeRoleResponse><AssumeRoleResult><Credentials>"
                + "<AccessKeyId>ASIA" + issued.incrementAndGet() + "</AccessKeyId><SecretAccessKey>secret</SecretAccessKey>"
                + "<SessionToken>token</SessionToken><Expiration>" + Instant.now().plus(validity) + "</Expiration>"
                + "</Credentials></AssumeRoleResult></AssumeRoleResponse>");
    }
}
