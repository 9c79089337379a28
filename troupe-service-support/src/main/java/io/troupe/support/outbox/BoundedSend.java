package io.troupe.support.outbox;

import io.troupe.protocol.events.TroupeEvent;
import io.troupe.support.messaging.CloudEvents;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * The delivery rule of a service without a database (the agent service), which has no outbox to
 * keep an event across a failure: each event is sent once, as the CloudEvent of {@link CloudEvents}
 * with a fresh id, and its acknowledgement is waited for at most {@code within}; the sending thread
 * sends its next event only after that, so one thread's events stay in order. An event that is not
 * acknowledged in time is {@link NotDelivered}: it may still arrive (once: the producer is
 * idempotent) or be lost, and the caller says what that means (the agents tell the model that its
 * message did not go out). {@link #sendInBackground} is the same rule without the wait, for events
 * whose loss the sender can only log and count.
 */
public final class BoundedSend {
    private BoundedSend() {
    }

    /** Sends {@code event} and waits up to {@code within} for the broker; throws {@link NotDelivered} otherwise. */
    public static void send(Emitter<String> emitter, String source, TroupeEvent event, Duration within) {
        try {
            CloudEvents.send(emitter, source, event).toCompletableFuture()
                    .get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new NotDelivered(event, e.getCause());
        } catch (TimeoutException e) {
            throw new NotDelivered(event, new TimeoutException("no acknowledgement within " + within.toMillis()
                    + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotDelivered(event, e);
        } catch (RuntimeException e) {
            // The emitter refused it outright (its buffer full, the channel down).
            throw new NotDelivered(event, e);
        }
    }

    /**
     * Sends {@code event} without waiting: {@code notDelivered} hears of it, on a producer thread, if the broker
     * has not acknowledged it within {@code within} or refused it. For events whose sender has nothing to
     * do about a loss but count it (the agents' own events): their work does not wait for the broker. Order
     * is kept all the same: the emitter queues events in the order they are sent, and the idempotent
     * producer keeps that order on a partition.
     */
    public static void sendInBackground(Emitter<String> emitter, String source, TroupeEvent event, Duration within,
                                        Consumer<NotDelivered> notDelivered) {
        try {
            CloudEvents.send(emitter, source, event).toCompletableFuture()
                    .orTimeout(within.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((ignored, failure) -> {
                        if (failure != null) {
                            Throwable cause = failure instanceof CompletionException c && c.getCause() != null
                                    ? c.getCause() : failure;
                            notDelivered.accept(new NotDelivered(event, cause instanceof TimeoutException
                                    ? new TimeoutException("no acknowledgement within " + within.toMillis() + " ms")
                                    : cause));
                        }
                    });
        } catch (RuntimeException e) {
            // The emitter refused it outright (its buffer full, the channel down).
            notDelivered.accept(new NotDelivered(event, e));
        }
    }

    /** The broker did not acknowledge an event in time. */
    public static final class NotDelivered extends RuntimeException {
        NotDelivered(TroupeEvent event, Throwable cause) {
            super(event.getClass().getSimpleName() + " of run " + event.runId() + " was not delivered: " + cause,
                    cause);
        }
    }
}
