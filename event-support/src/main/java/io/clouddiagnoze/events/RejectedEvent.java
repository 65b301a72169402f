package io.clouddiagnoze.events;

/**
 * A record a service will not act on; the reason goes to the dead-letter topic with it. Unchecked, so
 * that it can travel through reactive pipelines to {@link ScanEventHandler}.
 */
public class RejectedEvent extends RuntimeException {
    public RejectedEvent(String reason) {
        super(reason, null, false, false);
    }
}
