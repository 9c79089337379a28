package io.troupe.support.lifecycle;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Stops this service when the process that launched it is gone, so that a killed launcher never
 * leaves services behind. {@code ./troupe} names itself in the system property
 * {@value #PARENT_PID}; it sits outside the {@code troupe.*} configuration namespace, which the
 * services' configuration mappings validate strictly.
 */
@ApplicationScoped
public class ParentWatch {
    private static final Logger LOG = Logger.getLogger(ParentWatch.class);

    public static final String PARENT_PID = "io.troupe.parent-pid";

    void onStart(@Observes StartupEvent event) {
        Optional.ofNullable(System.getProperty(PARENT_PID))
                .map(Long::parseLong)
                .flatMap(ProcessHandle::of)
                .ifPresent(parent -> parent.onExit().thenRun(() -> {
                    LOG.infof("parent process %d is gone; stopping", parent.pid());
                    Quarkus.asyncExit();
                }));
    }
}
