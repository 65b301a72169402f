package io.clouddiagnoze.aws;

import static io.clouddiagnoze.aws.AwsErrors.Kind.ACCESS_DENIED;
import static io.clouddiagnoze.aws.AwsErrors.Kind.NOT_FOUND;
import static io.clouddiagnoze.aws.AwsErrors.Kind.OTHER;
import static io.clouddiagnoze.aws.AwsErrors.Kind.REGION_UNAVAILABLE;
import static io.clouddiagnoze.aws.AwsErrors.Kind.THROTTLED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Checks what each kind of AWS failure is taken for, and how it is described in a scan's result. */
class AwsErrorsTest {
    private static final String UNAUTHORIZED = "You are not authorized to perform this operation.";

    @Test
    void throttlingIsRecognisedByItsCodeWhateverTheServiceOrByStatus429() {
        assertThat(AwsErrors.classify(aws(400, "Throttling", "Rate exceeded"))).isEqualTo(THROTTLED);
        assertThat(AwsErrors.classify(aws(503, "RequestLimitExceeded", "Request limit exceeded."))).isEqualTo(THROTTLED);
        assertThat(AwsErrors.classify(aws(503, "SlowDown", "Please reduce your request rate."))).isEqualTo(THROTTLED);
        assertThat(AwsErrors.classify(aws(429, "SomeNewLimit", "Too many requests"))).isEqualTo(THROTTLED);
    }

    @Test
    void missingPermissionsAreAccessDeniedWhateverTheServiceCallsThem() {
        assertThat(AwsErrors.classify(aws(403, "UnauthorizedOperation", UNAUTHORIZED))).isEqualTo(ACCESS_DENIED);
        assertThat(AwsErrors.classify(aws(400, "ExpiredToken", "The security token included in the request is expired")))
                .isEqualTo(ACCESS_DENIED);
        assertThat(AwsErrors.classify(aws(403, "SomeNewRefusal", "Forbidden"))).isEqualTo(ACCESS_DENIED);
        assertThat(AwsErrors.classify(new AccessDeniedException("cannot assume the role", null))).isEqualTo(ACCESS_DENIED);
    }

    @Test
    void aRegionNotEnabledAndAMissingResourceAreToldApartFromOtherFailures() {
        assertThat(AwsErrors.classify(aws(401, "OptInRequired", "You are not subscribed to this service.")))
                .isEqualTo(REGION_UNAVAILABLE);
        assertThat(AwsErrors.classify(aws(400, "InvalidVpcID.NotFound", "The vpc ID 'vpc-1' does not exist"))).isEqualTo(NOT_FOUND);
        assertThat(AwsErrors.classify(aws(400, "NoSuchBucketPolicy", "The bucket policy does not exist"))).isEqualTo(NOT_FOUND);
        assertThat(AwsErrors.classify(aws(404, "Gone", "Not here"))).isEqualTo(NOT_FOUND);
    }

    @Test
    void serverErrorsUnreachableAwsAndBugsAreOther() {
        assertThat(AwsErrors.classify(aws(500, "InternalError", "An internal error has occurred"))).isEqualTo(OTHER);
        assertThat(AwsErrors.classify(SdkClientException.create("Unable to execute HTTP request: Connection refused")))
                .isEqualTo(OTHER);
        assertThat(AwsErrors.classify(new IllegalStateException("a bug"))).isEqualTo(OTHER);
    }

    /** A proxy's 502 or 503 on the way to AWS comes with a body AWS did not write, and no error code. */
    @Test
    void anAnswerWithoutAnErrorCodeIsJudgedByItsStatusAndDescribedByIt() {
        assertThat(AwsErrors.classify(aws(502, null, "Bad Gateway"))).isEqualTo(OTHER);
        assertThat(AwsErrors.classify(aws(404, null, "Not Found"))).isEqualTo(NOT_FOUND);
        assertThat(AwsErrors.classify(aws(403, null, "Forbidden"))).isEqualTo(ACCESS_DENIED);
        assertThat(AwsErrors.describe(aws(502, null, "Bad Gateway"))).startsWith("HTTP 502 from AWS: ").contains("Bad Gateway");
    }

    @Test
    void aFailureWrappedByFuturesIsJudgedByWhatAwsSaid() {
        Throwable wrapped = new CompletionException(new CompletionException(aws(400, "Throttling", "Rate exceeded")));

        assertThat(AwsErrors.classify(wrapped)).isEqualTo(THROTTLED);
        assertThat(AwsErrors.code(wrapped)).isEqualTo("Throttling");
        assertThat(AwsErrors.isAwsFailure(wrapped)).isTrue();
    }

    @Test
    void onlySdkFailuresAndRefusedRolesAreAwsFailures() {
        assertThat(AwsErrors.isAwsFailure(SdkClientException.create("Unable to load credentials"))).isTrue();
        assertThat(AwsErrors.isAwsFailure(new AccessDeniedException("cannot assume the role", null))).isTrue();
        assertThat(AwsErrors.isAwsFailure(new CompletionException(new NullPointerException()))).isFalse();
        assertThat(AwsErrors.code(SdkClientException.create("Connection refused"))).isNull();
    }

    @Test
    void descriptionsSayWhatWentWrongInOneLine() {
        assertThat(AwsErrors.describe(aws(403, "UnauthorizedOperation", UNAUTHORIZED)))
                .isEqualTo("UnauthorizedOperation: " + UNAUTHORIZED);
        assertThat(AwsErrors.describe(new CompletionException(SdkClientException.create("Connection refused"))))
                .isEqualTo("cannot reach AWS: Connection refused");
        assertThat(AwsErrors.describe(new AccessDeniedException("cannot assume arn:aws:iam::1:role/R", null)))
                .isEqualTo("cannot assume arn:aws:iam::1:role/R");
        assertThat(AwsErrors.describe(new IllegalStateException("boom"))).isEqualTo("IllegalStateException: boom");
    }

    /** A service error as the SDK raises it. */
    private static AwsServiceException aws(int status, String code, String message) {
        return AwsServiceException.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("EC2").build())
                .build();
    }
}
