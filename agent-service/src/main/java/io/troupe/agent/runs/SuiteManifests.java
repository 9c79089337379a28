package io.troupe.agent.runs;

import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.protocol.suite.SuiteManifest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The manifests of the suites this process's agents work on, asked of the coordinator once per suite
 * (a suite never changes once added). Read when a run starts, so that an agent's first task does not
 * wait for it: on a run's own clock that wait would be real time added to a teammate's model turn.
 */
@ApplicationScoped
public class SuiteManifests {
    private static final Logger LOG = Logger.getLogger(SuiteManifests.class);

    private final CoordinatorClient coordinator;
    private final Map<String, Optional<SuiteManifest>> known = new ConcurrentHashMap<>();

    @Inject
    public SuiteManifests(CoordinatorClient coordinator) {
        this.coordinator = coordinator;
    }

    /**
     * The suite's manifest; empty if the coordinator cannot say now (the caller goes on without it, and
     * the next call asks again) or its client cannot tell.
     */
    public Optional<SuiteManifest> get(String suiteId) {
        Optional<SuiteManifest> manifest = known.get(suiteId);
        if (manifest != null) {
            return manifest;
        }
        try {
            manifest = coordinator.suite(suiteId);
            known.put(suiteId, manifest);
            return manifest;
        } catch (RuntimeException e) {
            LOG.warnf("suite %s not read, its tasks go on without the project's data: %s", suiteId, e.getMessage());
            return Optional.empty();
        }
    }
}
