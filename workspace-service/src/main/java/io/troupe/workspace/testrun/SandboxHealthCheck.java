package io.troupe.workspace.testrun;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Names the sandbox test runs execute in ({@code /q/health}). Up also without one: files, history
 * and archives still work; then {@code testRuns} says they are refused and {@code remedy} how to
 * install a sandbox.
 */
@Readiness
@ApplicationScoped
public class SandboxHealthCheck implements HealthCheck {
    private final TestRunService testRuns;

    SandboxHealthCheck(TestRunService testRuns) {
        this.testRuns = testRuns;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("test-sandbox").up().withData("sandbox", testRuns.sandbox());
        testRuns.refusal().ifPresentOrElse(
                remedy -> response.withData("testRuns", "refused").withData("remedy", remedy),
                () -> response.withData("testRuns", "accepted"));
        return response.build();
    }
}
