package io.clouddiagnoze.scanner.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clouddiagnoze.aws.TenantCredentials.TenantSession;
import io.clouddiagnoze.scanner.messaging.TestBroker;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/** Checks the values a scan computes once and every region shares. */
class ScanSessionTest {
    /** A session that makes no AWS call itself: it needs neither clients nor a rate limiter. */
    private final ScanSession session = new ScanSession(TestBroker.request("us-east-1", "eu-west-1"),
            new TenantSession("arn:aws:iam::111122223333:role/CloudDiagnozeScanner", "111122223333",
                    AnonymousCredentialsProvider.create()), null, null, 200);

    @Test
    void aValueIsComputedOnceHoweverManyRegionsAskForIt() {
        AtomicInteger listings = new AtomicInteger();

        for (int region = 0; region < 3; region++) {
            assertThat(session.once("buckets", s -> Uni.createFrom().item(listings::incrementAndGet)).await()
                    .atMost(Duration.ofSeconds(5))).isEqualTo(1);
        }
        assertThat(listings).hasValue(1);
    }

    @Test
    void differentKeysAreDifferentValues() {
        assertThat(session.once("buckets", s -> Uni.createFrom().item("b")).await().indefinitely()).isEqualTo("b");
        assertThat(session.once("hosted-zones", s -> Uni.createFrom().item("z")).await().indefinitely()).isEqualTo("z");
    }

    @Test
    void aFailedComputationFailsEveryRegionThatSharesItWithoutBeingRepeated() {
        AtomicInteger listings = new AtomicInteger();
        IllegalStateException denied = new IllegalStateException("AccessDenied: s3:ListAllMyBuckets");

        for (int region = 0; region < 2; region++) {
            assertThatThrownBy(() -> session.once("buckets", s -> Uni.createFrom().failure(() -> {
                listings.incrementAndGet();
                return denied;
            })).await().indefinitely()).isSameAs(denied);
        }
        assertThat(listings).hasValue(1);
    }
}
