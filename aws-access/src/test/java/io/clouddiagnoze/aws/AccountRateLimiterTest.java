package io.clouddiagnoze.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Checks that calls to one account are paced after a short burst, without holding up other accounts or threads. */
class AccountRateLimiterTest {
    private static final String ACCOUNT = "111122223333";

    @Test
    void anIdleAccountMakesABurstOfCallsAtOnceAndThenWaits() {
        AccountRateLimiter limiter = new AccountRateLimiter(0.2, 3); // after the burst, a call every 5 s

        List<Boolean> atOnce = IntStream.range(0, 7).mapToObj(call -> passesAtOnce(limiter, ACCOUNT)).toList();

        assertThat(atOnce).containsExactly(true, true, true, false, false, false, false);
    }

    @Test
    void successiveCallsAreSpacedByTheRate() {
        AccountRateLimiter limiter = new AccountRateLimiter(20, 0);
        long start = System.nanoTime();

        Uni.join().all(IntStream.range(0, 5).mapToObj(call -> limiter.acquire(ACCOUNT)).toList()).andFailFast()
                .await().atMost(Duration.ofSeconds(10));

        // Four intervals of 50 ms after the first call; a delayed item may come a few microseconds before its time.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(4 * 50 - 5));
    }

    @Test
    void aBusyAccountDoesNotHoldUpAnother() {
        AccountRateLimiter limiter = new AccountRateLimiter(0.2, 0);
        passesAtOnce(limiter, ACCOUNT);

        assertThat(passesAtOnce(limiter, ACCOUNT)).isFalse();
        assertThat(passesAtOnce(limiter, "444455556666")).isTrue();
    }

    @Test
    void waitingForTheLimitHoldsNoThread() {
        AccountRateLimiter limiter = new AccountRateLimiter(10, 0);
        long start = System.nanoTime();

        IntStream.range(0, 50).forEach(call -> passesAtOnce(limiter, ACCOUNT)); // the last is due in about 5 s

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    /** Whether the limiter lets a call through as soon as it is asked. */
    private static boolean passesAtOnce(AccountRateLimiter limiter, String account) {
        AtomicBoolean passed = new AtomicBoolean();
        limiter.acquire(account).subscribe().with(ready -> passed.set(true));
        return passed.get();
    }
}
