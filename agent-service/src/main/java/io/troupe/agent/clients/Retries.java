package io.troupe.agent.clients;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Calls to a peer that is briefly away (restarting, say): tried again rather than given up. */
public final class Retries {
    private Retries() {
    }

    /** Whether {@code e} says the peer could not be reached or is restarting (no answer, 502-504). */
    public static boolean away(ServiceCallException e) {
        return e.status() == -1 || (e.status() >= 502 && e.status() <= 504);
    }

    /**
     * Calls {@code call}, again every {@code pause} while the peer is {@linkplain #away away}, for up to
     * {@code patience}; {@code onRetry} hears of each failure retried. Any other failure, the last one,
     * or an interrupt ends it with the failure.
     */
    public static <T> T whileAway(Duration patience, Duration pause, Supplier<T> call,
                                  Consumer<ServiceCallException> onRetry) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (ServiceCallException e) {
                if (e instanceof StaleLeaseException || !away(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                onRetry.accept(e);
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
