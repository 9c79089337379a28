package io.troupe.coordinator.api;

import io.troupe.coordinator.suites.SuiteCatalog;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The built-in suites and their reference solutions. */
@Path("/api/suites")
@Produces(MediaType.APPLICATION_JSON)
public class SuiteResource {
    private final SuiteCatalog catalog;

    public SuiteResource(SuiteCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public List<SuiteViews.Summary> list() {
        return catalog.all().stream().map(SuiteViews.Summary::of).toList();
    }

    @GET
    @Path("/{suite}")
    public SuiteViews.Detail get(@PathParam("suite") String suite) {
        return SuiteViews.Detail.of(catalog.get(suite));
    }

    @GET
    @Path("/{suite}/tasks/{task}/solution")
    public SuiteViews.Solution solution(@PathParam("suite") String suite, @PathParam("task") String task) {
        var s = catalog.get(suite);
        return new SuiteViews.Solution(s.solutions().get(SuiteCatalog.task(s, task).id()));
    }
}
