package io.troupe.support.lifecycle;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Stops this service when the process that launched it ({@code troupe.parent-pid}, set by
 * {@code ./troupe}) is gone, so that a killed launcher never leaves services behind.
 */
@ApplicationScoped
public class ParentWatch {
    private static final Logger LOG = Logger.getLogger(ParentWatch.class);

    @ConfigProperty(name = "troupe.parent-pid")
    Optional<Long> parentPid;

    void onStart(@Observes StartupEvent event) {
        parentPid.flatMap(ProcessHandle::of).ifPresent(parent -> parent.onExit().thenRun(() -> {
            LOG.infof("parent process %d is gone; stopping", parent.pid());
            Quarkus.asyncExit();
        }));
    }
}
