package io.clouddiagnoze.scanner.s3;

import io.clouddiagnoze.aws.AwsErrors;
import io.clouddiagnoze.scanner.scan.ScanSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3control.S3ControlAsyncClient;
import software.amazon.awssdk.services.s3control.S3ControlAsyncClientBuilder;
import software.amazon.awssdk.services.s3control.model.PublicAccessBlockConfiguration;

/**
 * Whether the scanned account blocks public access to S3 with all four account-level settings (S3 Control
 * GetPublicAccessBlock, once per scan): false where the account never set them. Where the call fails — a role made
 * before this was read may lack {@code s3:GetAccountPublicAccessBlock} — it is unknown, the reason is logged, and the
 * buckets are still reported.
 */
@ApplicationScoped
public class AccountPublicAccessBlock {
    private static final Logger LOG = Logger.getLogger(AccountPublicAccessBlock.class);

    private final String platformRegion;
    private final boolean pathStyle;

    AccountPublicAccessBlock(@ConfigProperty(name = "clouddiagnoze.aws.region") String platformRegion,
                             @ConfigProperty(name = "clouddiagnoze.aws.s3-path-style") boolean pathStyle) {
        this.platformRegion = platformRegion;
        this.pathStyle = pathStyle;
    }

    /** All four settings on, off, or empty when unknown. */
    public Uni<Optional<Boolean>> blocksEverything(ScanSession session) {
        return session.once("account-public-access-block", this::read);
    }

    private Uni<Optional<Boolean>> read(ScanSession session) {
        S3ControlAsyncClient s3Control = session.client(platformRegion, this::builder);
        return session.call(() -> s3Control.getPublicAccessBlock(request -> request.accountId(session.accountId())))
                .map(answer -> Optional.of(allOn(answer.publicAccessBlockConfiguration())))
                .onFailure(failure -> "NoSuchPublicAccessBlockConfiguration".equals(AwsErrors.code(failure)))
                .recoverWithItem(Optional.of(false))
                .onFailure(failure -> AwsErrors.unwrap(failure) instanceof SdkException)
                .recoverWithItem(failure -> {
                    LOG.warnf("scan run %d: the account's S3 Block Public Access is unknown: %s", session.request().scanRunId(),
                            AwsErrors.describe(failure));
                    return Optional.empty();
                });
    }

    private S3ControlAsyncClientBuilder builder() {
        S3ControlAsyncClientBuilder builder = S3ControlAsyncClient.builder();
        return pathStyle ? builder.endpointProvider(new AccountInHeaderEndpoints()) : builder;
    }

    private static boolean allOn(PublicAccessBlockConfiguration block) {
        return Boolean.TRUE.equals(block.blockPublicAcls()) && Boolean.TRUE.equals(block.ignorePublicAcls())
                && Boolean.TRUE.equals(block.blockPublicPolicy()) && Boolean.TRUE.equals(block.restrictPublicBuckets());
    }
}
