package io.troupe.coordinator.workspace;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.troupe.coordinator.config.CoordinatorConfig;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import io.troupe.support.security.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Creates runs' workspaces at the workspace service ({@code troupe.workspace-url}). */
@ApplicationScoped
public class WorkspaceClient {
    private static final Logger LOG = Logger.getLogger(WorkspaceClient.class);
    /** The author of the files the coordinator puts into a workspace. */
    public static final String AUTHOR = "coordinator";

    private final WorkspaceApi api;
    private final String url;

    public WorkspaceClient(CoordinatorConfig config, AuthConfig auth) {
        this.url = config.workspaceUrl();
        // The coordinator calls the workspace as the service identity (troupe.auth.service-token).
        String token = auth.serviceToken().orElse("");
        this.api = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(url))
                .connectTimeout(5, TimeUnit.SECONDS).readTimeout(30, TimeUnit.SECONDS)
                .register((ClientRequestFilter) request -> request.getHeaders().putSingle("Authorization",
                        "Bearer " + token))
                .build(WorkspaceApi.class);
    }

    /**
     * Creates the workspace of {@code runId} in write {@code mode} holding {@code files}; a 502
     * problem if the workspace service refuses or cannot be reached.
     */
    public void create(String runId, String mode, String testCommand, Map<String, String> files) {
        try (Response response = api.create(runId, AUTHOR,
                new WorkspaceApi.CreateWorkspace(mode, testCommand, files))) {
            LOG.infof("workspace ready runId=%s status=%d files=%d", runId, response.getStatus(), files.size());
        } catch (WebApplicationException e) {
            String body = e.getResponse().hasEntity() ? e.getResponse().readEntity(String.class) : "";
            throw unavailable(runId, "it answered " + e.getResponse().getStatus() + " " + body);
        } catch (ProcessingException e) {
            throw unavailable(runId, "it cannot be reached (" + e.getMessage() + ")");
        }
    }

    private ProblemException unavailable(String runId, String why) {
        LOG.warnf("workspace not created runId=%s url=%s: %s", runId, url, why);
        return new ProblemException(ProblemType.WORKSPACE_UNAVAILABLE, "the run's workspace could not be created at "
                        + "the workspace service " + url + ": " + why
                        + "; check that the workspace service is running (troupe.workspace-url) and retry",
                Map.of("workspaceUrl", url));
    }
}
