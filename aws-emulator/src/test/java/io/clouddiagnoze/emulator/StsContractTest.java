package io.clouddiagnoze.emulator;

import static io.clouddiagnoze.emulator.support.SharedEmulator.DEMO_ACCOUNT;
import static io.clouddiagnoze.emulator.support.SharedEmulator.DEMO_EXTERNAL_ID;
import static io.clouddiagnoze.emulator.support.SharedEmulator.DEMO_ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clouddiagnoze.emulator.support.AwsClients;
import io.clouddiagnoze.emulator.support.SharedEmulator;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

class StsContractTest {

    private static AwsClients tenant;

    @BeforeAll
    static void clients() {
        SharedEmulator.admin().reset();
        tenant = AwsClients.demoTenant(Region.US_EAST_1);
    }

    @AfterAll
    static void close() {
        tenant.close();
    }

    @Test
    void platformCredentialsBelongToThePlatformAccount() {
        GetCallerIdentityResponse identity = tenant.platformSts().getCallerIdentity();

        assertThat(identity.account()).isEqualTo(AwsEmulator.PLATFORM_ACCOUNT_ID);
        assertThat(identity.arn()).startsWith("arn:aws:iam::" + AwsEmulator.PLATFORM_ACCOUNT_ID + ":user/");
    }

    @Test
    void assumeRoleWithTheRightExternalIdIssuesTemporaryCredentials() {
        AssumeRoleResponse response = tenant.platformSts().assumeRole(request -> request
                .roleArn(DEMO_ROLE).roleSessionName("scan-1").externalId(DEMO_EXTERNAL_ID).durationSeconds(900));

        assertThat(response.credentials().accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(response.credentials().secretAccessKey()).hasSize(40);
        assertThat(response.credentials().sessionToken()).isNotBlank();
        assertThat(response.credentials().expiration())
                .isBetween(Instant.now().plusSeconds(800), Instant.now().plusSeconds(1000));
        assertThat(response.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::111122223333:assumed-role/CloudDiagnozeScanner/scan-1");
    }

    @Test
    void requestsSignedWithAssumedCredentialsActInTheRolesAccount() {
        GetCallerIdentityResponse identity = tenant.sts().getCallerIdentity();

        assertThat(identity.account()).isEqualTo(DEMO_ACCOUNT);
        assertThat(identity.arn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/CloudDiagnozeScanner/clouddiagnoze-scan");
        assertThat(identity.userId()).startsWith("AROA").endsWith(":clouddiagnoze-scan");
    }

    @Test
    void aWrongExternalIdIsAccessDenied() {
        assertThatThrownBy(() -> tenant.platformSts().assumeRole(request -> request
                .roleArn(DEMO_ROLE).roleSessionName("scan").externalId("guessed")))
                .isInstanceOfSatisfying(StsException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(403);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(error.awsErrorDetails().errorMessage()).contains("sts:AssumeRole", DEMO_ROLE);
                });
    }

    @Test
    void aMissingExternalIdAndAnUnknownRoleAreAccessDeniedToo() {
        assertThatThrownBy(() -> tenant.platformSts().assumeRole(request -> request
                .roleArn(DEMO_ROLE).roleSessionName("scan")))
                .isInstanceOfSatisfying(StsException.class,
                        error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
        assertThatThrownBy(() -> tenant.platformSts().assumeRole(request -> request
                .roleArn("arn:aws:iam::111122223333:role/Nobody").roleSessionName("scan").externalId(DEMO_EXTERNAL_ID)))
                .isInstanceOfSatisfying(StsException.class,
                        error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    }

    @Test
    void anOutOfRangeDurationIsAValidationError() {
        assertThatThrownBy(() -> tenant.platformSts().assumeRole(request -> request
                .roleArn(DEMO_ROLE).roleSessionName("scan").externalId(DEMO_EXTERNAL_ID).durationSeconds(60)))
                .isInstanceOfSatisfying(StsException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(400);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                });
    }

    @Test
    void anOperationTheEmulatorLacksIsAnErrorNamingIt() {
        assertThatThrownBy(() -> tenant.platformSts().getSessionToken())
                .isInstanceOfSatisfying(StsException.class, error -> {
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
                    assertThat(error.awsErrorDetails().errorMessage()).contains("GetSessionToken");
                });
    }

    @Test
    void anSdkClientFindsTheEmulatorThroughTheStandardEndpointSetting() {
        // aws.endpointUrl is the system-property twin of AWS_ENDPOINT_URL; no endpointOverride here.
        System.setProperty("aws.endpointUrl", SharedEmulator.endpoint().toString());
        try (StsClient sts = StsClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(AwsClients.PLATFORM_CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThat(sts.getCallerIdentity().account()).isEqualTo(AwsEmulator.PLATFORM_ACCOUNT_ID);
        } finally {
            System.clearProperty("aws.endpointUrl");
        }
    }

    @Test
    void credentialsNotIssuedByTheEmulatorAreRejected() {
        StsClient forged = StsClient.builder().endpointOverride(SharedEmulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(() -> AwsSessionCredentials.create("ASIAFORGEDFORGED1234", "secret", "token"))
                .httpClient(UrlConnectionHttpClient.create()).build();
        try (forged) {
            assertThatThrownBy(forged::getCallerIdentity).isInstanceOfSatisfying(StsException.class,
                    error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
        }
    }
}
