package io.clouddiagnoze.scanner.scan;

import static io.clouddiagnoze.scanner.messaging.TestBroker.request;
import static io.clouddiagnoze.scanner.messaging.TestBroker.vpc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clouddiagnoze.aws.FixedCredentials;
import io.clouddiagnoze.contracts.ServiceType;
import io.clouddiagnoze.contracts.events.RegionOutcome;
import io.clouddiagnoze.contracts.events.RegionOutcome.Outcome;
import io.clouddiagnoze.contracts.events.ScanRequested;
import io.clouddiagnoze.contracts.events.ScanResult;
import io.clouddiagnoze.events.RejectedEvent;
import io.clouddiagnoze.scanner.messaging.TestBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Multi;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Checks a scan from request to result: each region's outcome, the counts, and a role that cannot be assumed. */
class ScanRunnerTest {
    private static final String DENIED = "You are not authorized to perform this operation.";
    private static final String NOT_SUBSCRIBED = "You are not subscribed to this service.";
    private static final String TOKEN = "events-token-of-run-42";

    private final TestBroker broker = new TestBroker();
    private FixedCredentials credentials = FixedCredentials.granted();

    /** The VPCs of each region: three in us-east-1, two elsewhere; eu-west-1 denies, me-south-1 is not enabled. */
    private final ResourceCollector collector = (session, region) -> switch (region) {
        case "eu-west-1" -> Multi.createFrom().failure(aws(403, "UnauthorizedOperation", DENIED));
        case "me-south-1" -> Multi.createFrom().failure(aws(401, "OptInRequired", NOT_SUBSCRIBED));
        case "us-east-1" -> Multi.createFrom().range(0, 3).map(i -> vpc(region, i));
        default -> Multi.createFrom().range(0, 2).map(i -> vpc(region, i));
    };

    @AfterEach
    void close() {
        credentials.close();
    }

    @Test
    void aScanOfHealthyRegionsSucceedsCountingWhatWasSent() {
        ScanResult result = scan(request("us-east-1", "us-west-2"));

        assertThat(result.status()).isEqualTo(ScanResult.Status.SUCCESS);
        assertThat(result.error()).isNull();
        assertThat(result.regions()).containsExactly(new RegionOutcome("us-east-1", Outcome.OK, 3, null),
                new RegionOutcome("us-west-2", Outcome.OK, 2, null));
        assertThat(result.resourceCount()).isEqualTo(5)
                .isEqualTo(broker.batches().stream().mapToLong(batch -> batch.resources().size()).sum());
        assertThat(result.batchCount()).isEqualTo(broker.batches().size()).isEqualTo(3);
    }

    @Test
    void aFailingRegionIsReportedAndTheOthersGoOn() {
        ScanResult result = scan(request("us-west-2", "me-south-1", "eu-west-1", "us-east-1"));

        assertThat(result.status()).isEqualTo(ScanResult.Status.ERROR);
        assertThat(result.regions()).containsExactly(
                new RegionOutcome("eu-west-1", Outcome.ERROR, 0, "UnauthorizedOperation: " + DENIED),
                new RegionOutcome("me-south-1", Outcome.SKIPPED, 0, "region not enabled: OptInRequired: " + NOT_SUBSCRIBED),
                new RegionOutcome("us-east-1", Outcome.OK, 3, null),
                new RegionOutcome("us-west-2", Outcome.OK, 2, null));
        assertThat(result.error()).isEqualTo("eu-west-1: UnauthorizedOperation: " + DENIED);
        assertThat(result.resourceCount()).isEqualTo(5);
    }

    @Test
    void aRoleThatCannotBeAssumedFailsEveryRequestedRegionWithTheReason() {
        credentials.close();
        credentials = FixedCredentials.refused();

        ScanResult result = scan(request("us-east-1", "eu-west-1"));

        String reason = "cannot assume arn:aws:iam::111122223333:role/CloudDiagnozeScanner: AccessDenied";
        assertThat(result.status()).isEqualTo(ScanResult.Status.ERROR);
        assertThat(result.regions()).containsExactly(new RegionOutcome("us-east-1", Outcome.ERROR, 0, reason),
                new RegionOutcome("eu-west-1", Outcome.ERROR, 0, reason));
        assertThat(result.resourceCount()).isZero();
        assertThat(broker.batches()).isEmpty();
    }

    @Test
    void aBugInTheCollectorFailsTheScanInsteadOfPassingForARegionError() {
        ScanRunner runner = runner((session, region) -> Multi.createFrom().failure(new NullPointerException("a bug")));

        assertThatThrownBy(() -> runner.scan(request("us-east-1"), TOKEN).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(NullPointerException.class);
        assertThat(broker.results()).isEmpty();
    }

    @Test
    void aRequestForAnotherServiceIsRefusedAndAnUnknownServiceStopsTheScanner() {
        ScanRequested forS3 = new ScanRequested(42, 7, ServiceType.S3, "arn:aws:iam::111122223333:role/CloudDiagnozeScanner",
                "cd-7f3a9c", List.of(), Instant.now());

        assertThatThrownBy(() -> runner(collector).scan(forS3, TOKEN)).isInstanceOf(RejectedEvent.class)
                .hasMessage("this scanner scans ec2, not s3");
        assertThatThrownBy(() -> new ScanRunner("ec3", collector, credentials, null, null, null, null, "us-east-1", 4, 100))
                .isInstanceOf(IllegalStateException.class).hasMessage("unknown service ec3");
    }

    /** Scans as {@code request} asks and returns the result the scanner sent. */
    private ScanResult scan(ScanRequested request) {
        runner(collector).scan(request, TOKEN).await().atMost(Duration.ofSeconds(10));
        return broker.results().get(0);
    }

    /** The EC2 scanner; the requests name their regions, so it needs no AWS client or rate limiter of its own. */
    private ScanRunner runner(ResourceCollector collecting) {
        return new ScanRunner("ec2", collecting, credentials, null, null, broker.emitter(2, 1_000_000, 4),
                new ScannerMetrics(new SimpleMeterRegistry()), "us-east-1", 2, 100);
    }

    private static AwsServiceException aws(int status, String code, String message) {
        return AwsServiceException.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }
}
