package io.clouddiagnoze.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clouddiagnoze.aws.StubAws.Answer;
import io.clouddiagnoze.aws.TenantCredentials.TenantSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import mutiny.zero.flow.adapters.AdaptersToReactiveStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.StsAsyncClientBuilder;

/** Checks a session's clients (one per service and region, closed with it) and that its calls keep to the rate limit. */
class AccountSessionTest {
    private static final String ACCOUNT = "111122223333";

    /** Made once: closing one waits out its HTTP client's quiet period. */
    private static final AwsClients CLIENTS = new AwsClients(1, 10, Duration.ofSeconds(10), Duration.ofSeconds(30));
    private final StubAws aws = new StubAws(request -> Answer.IDENTITY);

    @AfterEach
    void stopAws() {
        aws.close();
    }

    @AfterAll
    static void closeClients() {
        CLIENTS.close();
    }

    @Test
    void aServiceHasOneClientPerRegionInASession() {
        try (AccountSession session = session(new AccountRateLimiter(100, 10))) {
            StsAsyncClient ireland = session.client("eu-west-1", this::sts);

            assertThat(session.client("eu-west-1", this::sts)).isSameAs(ireland);
            assertThat(session.client("us-east-1", this::sts)).isNotSameAs(ireland)
                    .satisfies(virginia -> assertThat(virginia.serviceClientConfiguration().region()).isEqualTo(Region.US_EAST_1));
            assertThat(session.accountId()).isEqualTo(ACCOUNT);
        }
    }

    @Test
    void closingASessionClosesItsClientsButNotAnotherSessions() {
        AccountSession closed = session(new AccountRateLimiter(100, 10));
        AccountSession open = session(new AccountRateLimiter(100, 10));
        StsAsyncClient gone = closed.client("eu-west-1", this::sts);
        StsAsyncClient kept = open.client("eu-west-1", this::sts);

        closed.close();

        assertThatThrownBy(() -> gone.getCallerIdentity().join()).hasCauseInstanceOf(SdkClientException.class);
        assertThat(aws.requests()).isEmpty();
        assertThat(kept.getCallerIdentity().join().account()).isEqualTo(ACCOUNT);
        open.close();
    }

    @Test
    void aCallIsMadeOnlyWhenTheAccountsRateLimitAllows() {
        AccountSession session = session(new AccountRateLimiter(2, 0)); // a call every 500 ms
        Supplier<CompletableFuture<Long>> call = () -> CompletableFuture.completedFuture(System.nanoTime());
        long start = System.nanoTime();

        List<Long> madeAt = Uni.join().all(session.call(call), session.call(call)).andFailFast()
                .await().atMost(Duration.ofSeconds(5));

        assertThat(Duration.ofNanos(madeAt.get(1) - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void pagesComeInOrderEachPacedByTheRateLimit() {
        AccountSession session = session(new AccountRateLimiter(20, 0));
        long start = System.nanoTime();

        List<String> pages = session.pages(AdaptersToReactiveStreams.publisher(Multi.createFrom().items("page 1", "page 2", "page 3")))
                .collect().asList().await().atMost(Duration.ofSeconds(5));

        assertThat(pages).containsExactly("page 1", "page 2", "page 3");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(2 * 50));
    }

    private AccountSession session(AccountRateLimiter limiter) {
        TenantSession tenant = new TenantSession("arn:aws:iam::" + ACCOUNT + ":role/CloudDiagnozeScanner", ACCOUNT,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("ASIATENANT", "secret")));
        return new AccountSession(tenant, CLIENTS, limiter);
    }

    private StsAsyncClientBuilder sts() {
        return StsAsyncClient.builder().endpointOverride(aws.endpoint());
    }
}
