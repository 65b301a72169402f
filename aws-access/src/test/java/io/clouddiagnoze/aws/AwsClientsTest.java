package io.clouddiagnoze.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clouddiagnoze.aws.StubAws.Answer;
import io.clouddiagnoze.aws.TenantCredentials.TenantSession;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** Checks that the clients act with the tenant's credentials in the asked region, retry what may pass, and time out. */
class AwsClientsTest {
    private static final TenantSession TENANT = new TenantSession("arn:aws:iam::111122223333:role/CloudDiagnozeScanner",
            "111122223333", StaticCredentialsProvider.create(AwsSessionCredentials.create("ASIATENANT", "secret", "token")));

    /** Made once per class, and closed side by side: closing one waits out its HTTP client's quiet period (2 s). */
    private static final AwsClients CLIENTS = new AwsClients(3, 10, Duration.ofSeconds(10), Duration.ofSeconds(30));
    private static final AwsClients IMPATIENT = new AwsClients(10, 10, Duration.ofMillis(200), Duration.ofMillis(600));
    private StubAws aws;

    @AfterEach
    void stopAws() {
        aws.close();
    }

    @AfterAll
    static void closeClients() {
        CompletableFuture.allOf(CompletableFuture.runAsync(CLIENTS::close), CompletableFuture.runAsync(IMPATIENT::close)).join();
    }

    @Test
    void callsAreSignedWithTheTenantsCredentialsForTheAskedRegion() {
        String account = client(CLIENTS, request -> Answer.IDENTITY).getCallerIdentity().join().account();

        assertThat(account).isEqualTo("111122223333");
        assertThat(aws.requests()).singleElement().extracting(StubAws.Request::authorization).asString()
                .contains("Credential=ASIATENANT/").contains("/eu-west-1/sts/aws4_request");
    }

    @Test
    void serverErrorsAreRetriedUpToMaxAttemptsAndAccessDeniedIsNot() {
        assertThatThrownBy(() -> client(CLIENTS, request -> Answer.error(500, "InternalFailure", "try again"))
                .getCallerIdentity().join()).hasCauseInstanceOf(StsException.class);
        assertThat(aws.requests()).hasSize(3);
        aws.close();

        assertThatThrownBy(() -> client(CLIENTS, request -> Answer.error(403, "AccessDenied", "no")).getCallerIdentity().join())
                .hasCauseInstanceOf(StsException.class);
        assertThat(aws.requests()).hasSize(1);
    }

    @Test
    void aCallWhoseAnswerNeverComesFailsAsATimeout() {
        assertThatThrownBy(() -> client(IMPATIENT, request -> Answer.NEVER).getCallerIdentity().join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(ApiCallTimeoutException.class);
    }

    private StsAsyncClient client(AwsClients made, Function<StubAws.Request, Answer> answers) {
        aws = new StubAws(answers);
        return made.build(StsAsyncClient.builder().endpointOverride(aws.endpoint()), TENANT, "eu-west-1");
    }
}
