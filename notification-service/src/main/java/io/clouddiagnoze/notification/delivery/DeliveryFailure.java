package io.clouddiagnoze.notification.delivery;

/**
 * Why an alert did not reach its channel, in words fit for the tenant's delivery log: it names a host at most, never a
 * URL's path (a Slack webhook's path is its secret) or a secret.
 */
public class DeliveryFailure extends RuntimeException {
    public DeliveryFailure(String reason) {
        super(reason, null, false, false);
    }
}
