package io.troupe.coordinator.api;

import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.troupe.coordinator.config.CoordinatorConfig;
import io.troupe.coordinator.suites.SuiteCatalog;
import io.troupe.coordinator.suites.SuiteUploads;
import io.troupe.coordinator.suites.TaskListImport;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.List;

/** The suites: built-in, uploaded as an archive, or imported from a task list; their reference solutions. */
@Path("/api/suites")
@Produces(MediaType.APPLICATION_JSON)
public class SuiteResource {
    private final SuiteCatalog catalog;
    private final SuiteUploads uploads;
    private final CoordinatorConfig config;
    @jakarta.inject.Inject
    io.troupe.coordinator.security.RunAccess access;

    public SuiteResource(SuiteCatalog catalog, SuiteUploads uploads, CoordinatorConfig config) {
        this.catalog = catalog;
        this.uploads = uploads;
        this.config = config;
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    public List<SuiteViews.Summary> list() {
        return catalog.entries().stream().map(e -> SuiteViews.Summary.of(e, config.maxAgents())).toList();
    }

    /** A zip or tar.gz of a suite's directory, whatever the content type says: the first bytes decide. */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response upload(InputStream body, @jakarta.ws.rs.core.Context UriInfo uri) {
        return created(uploads.upload(body), uri);
    }

    /**
     * A zip or tar.gz of a directory laid out as the paper's (task lists, a test file each, shared files):
     * one suite per list, {@code <prefix>-<list>}, all or none.
     */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/task-lists")
    @Consumes(MediaType.WILDCARD)
    public Response importTaskLists(InputStream body,
                                    @jakarta.ws.rs.QueryParam("prefix") @jakarta.validation.constraints.Size(max = 40)
                                    String prefix,
                                    @jakarta.ws.rs.core.Context UriInfo uri) {
        List<SuiteViews.Detail> suites = uploads.importTaskLists(body, prefix).stream()
                .map(s -> SuiteViews.Detail.of(s, config.maxAgents())).toList();
        return Response.created(uri.getBaseUriBuilder().path("api/suites").build())
                .entity(new SuiteViews.Imported(suites)).build();
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/import")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response importTaskList(@jakarta.validation.Valid TaskListImport.Request request,
                                   @jakarta.ws.rs.core.Context UriInfo uri) {
        return created(uploads.importTaskList(request), uri);
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("/{suite}")
    public SuiteViews.Detail get(@PathParam("suite") String suite) {
        return SuiteViews.Detail.of(catalog.get(suite), config.maxAgents());
    }

    @RolesAllowed(Roles.AGENT)
    @GET
    @Path("/{suite}/tasks/{task}/solution")
    public SuiteViews.Solution solution(@PathParam("suite") String suite, @PathParam("task") String task,
                                        @jakarta.ws.rs.QueryParam("run") String run) {
        var s = catalog.get(suite);
        String id = SuiteCatalog.task(s, task).id();
        access.requireSolutionReader(run, suite);
        return new SuiteViews.Solution(s.solutions().get(id));
    }

    private Response created(io.troupe.protocol.suite.Suite suite, UriInfo uri) {
        return Response.created(uri.getBaseUriBuilder().path("api/suites/{id}").build(suite.id()))
                .entity(SuiteViews.Detail.of(suite, config.maxAgents())).build();
    }
}
