package io.troupe.support.outbox;

import io.troupe.protocol.events.TroupeEvent;
import io.troupe.support.messaging.CloudEvents;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * The delivery rule of a service without a database (the agent service), which has no outbox to
 * keep an event across a failure: each event is sent once, as the CloudEvent of {@link CloudEvents}
 * with a fresh id, and its acknowledgement is waited for at most {@code within}; the sending thread
 * sends its next event only after that, so one thread's events stay in order. An event that is not
 * acknowledged in time is {@link NotDelivered}: it may still arrive (once: the producer is
 * idempotent) or be lost, and the caller says what that means (the agents log and count a lost
 * event of their own, and tell the model that its message did not go out).
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

    /** The broker did not acknowledge an event in time. */
    public static final class NotDelivered extends RuntimeException {
        NotDelivered(TroupeEvent event, Throwable cause) {
            super(event.getClass().getSimpleName() + " of run " + event.runId() + " was not delivered: " + cause,
                    cause);
        }
    }
}
