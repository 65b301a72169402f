package io.clouddiagnoze.notification.delivery;

import io.clouddiagnoze.notification.repository.ChannelRepository;
import io.clouddiagnoze.notification.repository.DeliveryRepository;
import io.clouddiagnoze.notification.repository.DeliveryRepository.Due;
import io.clouddiagnoze.service.outbox.ClaimedRounds;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends the deliveries that are due, from the deliveries table's own schedule: there is no other retry loop. A round
 * claims up to a batch, sends them a bounded number at once, and records the outcomes: each failure as it comes, due
 * again after a back-off that doubles with each attempt, until the retry window from the delivery's making has passed
 * and it fails for good; the round's deliveries in one statement once every send of the round has answered, and their
 * channels' successes in another (two statements a round, not two a delivery). Each failure also counts against the
 * channel, which is paused once all of its deliveries have failed for {@code pause-after}. Rounds follow one another
 * while they come back full (ClaimedRounds), so a burst drains at the receivers' pace.
 * A delivery whose outcome was never recorded (the service stopped mid-round) is due again after the attempt deadline:
 * a receiver may then get it twice, with the same Idempotency-Key.
 */
@ApplicationScoped
public class DeliveryDispatcher {
    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    /** A few rounds of in-flight sends: small enough that a claim a stopped service left lapses within about a minute. */
    private static final int BATCH_OF_IN_FLIGHT = 4;
    private static final int MAX_ERROR = 500;

    private final DeliveryRepository deliveries;
    private final ChannelRepository channels;
    private final Senders senders;
    private final int inFlight;
    private final int batch;
    private final Duration backoffBase;
    private final Duration longestBackoff;
    private final Duration retryWindow;
    private final Duration pauseAfter;
    private final Duration attemptDeadline;

    DeliveryDispatcher(DeliveryRepository deliveries, ChannelRepository channels, Senders senders,
                       @ConfigProperty(name = "clouddiagnoze.alerts.in-flight") int inFlight,
                       @ConfigProperty(name = "clouddiagnoze.alerts.backoff-base") Duration backoffBase,
                       @ConfigProperty(name = "clouddiagnoze.alerts.longest-backoff") Duration longestBackoff,
                       @ConfigProperty(name = "clouddiagnoze.alerts.retry-window") Duration retryWindow,
                       @ConfigProperty(name = "clouddiagnoze.alerts.pause-after") Duration pauseAfter,
                       @ConfigProperty(name = "clouddiagnoze.alerts.connect-timeout") Duration connectTimeout,
                       @ConfigProperty(name = "clouddiagnoze.alerts.answer-timeout") Duration answerTimeout) {
        this.deliveries = deliveries;
        this.channels = channels;
        this.senders = senders;
        this.inFlight = inFlight;
        this.batch = BATCH_OF_IN_FLIGHT * inFlight;
        this.backoffBase = backoffBase;
        this.longestBackoff = longestBackoff;
        this.retryWindow = retryWindow;
        this.pauseAfter = pauseAfter;
        // A round's attempts run at most in-flight at once, each bounded by the timeouts; a batch of them well within this.
        this.attemptDeadline = connectTimeout.plus(answerTimeout).multipliedBy(1 + BATCH_OF_IN_FLIGHT);
    }

    @Scheduled(every = "${clouddiagnoze.alerts.dispatch-interval}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> dispatch() {
        return ClaimedRounds.whileFull(this::round, batch, "dispatching alerts");
    }

    private Uni<Integer> round() {
        return deliveries.claim(Instant.now(), batch, attemptDeadline).flatMap(due -> due.isEmpty() ? Uni.createFrom().item(0)
                : ClaimedRounds.each(due, inFlight, this::attempt).call(this::delivered).replaceWith(due.size()));
    }

    /** The delivery once it arrived; null once its failure is recorded. */
    private Uni<Due> attempt(Due due) {
        return senders.send(due.channel(), due.alert(), due.idempotencyKey()).replaceWith(due)
                .onFailure().recoverWithUni(failure -> failed(due, failure).map(recorded -> (Due) null));
    }

    private Uni<Void> delivered(List<Due> arrived) {
        if (arrived.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return deliveries.delivered(arrived.stream().map(Due::id).toList(), Instant.now())
                .call(() -> channels.succeeded(arrived.stream().map(due -> due.channel().id()).distinct().toList()));
    }

    private Uni<Void> failed(Due due, Throwable failure) {
        String error = failure instanceof DeliveryFailure ? failure.getMessage() : "unexpected failure: " + failure.getClass().getSimpleName();
        String shown = cutTo(MAX_ERROR, error);
        Instant now = Instant.now();
        Instant next = now.plus(backoff(due.attempts() + 1));
        Instant nextOrNone = next.isAfter(due.createdAt().plus(retryWindow)) ? null : next;
        LOG.debugf("delivery %d to channel %d failed (attempt %d): %s", due.id(), due.channel().id(), due.attempts() + 1, shown);
        return deliveries.attemptFailed(due.id(), shown, nextOrNone)
                .call(() -> channels.failed(due.channel().id(), now, now.minus(pauseAfter),
                        cutTo(MAX_ERROR, "every delivery failed for " + pauseAfter.toMinutes() + " minutes; the last: " + shown)));
    }

    /** The wait after the {@code attempts}th failure: the base, doubled for each failure before it, at most the longest. */
    Duration backoff(int attempts) {
        Duration wait = backoffBase.multipliedBy(1L << Math.min(attempts - 1, 30));
        return wait.compareTo(longestBackoff) > 0 ? longestBackoff : wait;
    }

    private static String cutTo(int max, String text) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
