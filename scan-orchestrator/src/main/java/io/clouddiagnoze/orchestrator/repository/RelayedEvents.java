package io.clouddiagnoze.orchestrator.repository;

import io.smallrye.mutiny.Uni;
import java.util.List;

/** An outbox of events as its relay sees it ({@link EventOutbox}): claimed a round at a time, deleted once sent, released. */
public interface RelayedEvents<T> {
    /** Claims for {@code claim} up to {@code limit} of the oldest events that no live claim holds, and reads them, oldest first. */
    Uni<List<T>> claim(String claim, int limit);

    /** The broker has these events, by their outbox ids: they leave the outbox. */
    Uni<Void> published(List<Long> ids);

    /** Lets the next round take what {@code claim} did not send. */
    Uni<Void> release(String claim);
}
