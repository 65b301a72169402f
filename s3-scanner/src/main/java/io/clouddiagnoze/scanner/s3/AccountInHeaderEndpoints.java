package io.clouddiagnoze.scanner.s3;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointParams;
import software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointProvider;

/**
 * S3 Control's endpoints with the account named only in the {@code x-amz-account-id} header, not also in the host
 * name: the SDK's rules turn an endpoint override of {@code http://127.0.0.1:4566} into {@code 111122223333.127.0.0.1},
 * which nothing resolves. It is to S3 Control what path-style addressing is to buckets, and is used exactly where that
 * is ({@code clouddiagnoze.aws.s3-path-style}, on for an S3 stand-in such as aws-emulator, off against AWS).
 */
final class AccountInHeaderEndpoints implements S3ControlEndpointProvider {
    private final S3ControlEndpointProvider aws = S3ControlEndpointProvider.defaultProvider();

    @Override
    public CompletableFuture<Endpoint> resolveEndpoint(S3ControlEndpointParams params) {
        return aws.resolveEndpoint(params).thenApply(endpoint -> params.accountId() == null ? endpoint : endpoint.toBuilder()
                .url(URI.create(endpoint.url().toString().replaceFirst("//" + Pattern.quote(params.accountId() + "."), "//")))
                .build());
    }
}
