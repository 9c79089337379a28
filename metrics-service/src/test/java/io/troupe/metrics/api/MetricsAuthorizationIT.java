package io.troupe.metrics.api;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.RouteAccess;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every metrics-service route × every role: reads for viewers (and agents and services), the OTLP
 * receiver for services and agents; health, Prometheus and the UI's static files stay open.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
class MetricsAuthorizationIT {
    private static final String[] READERS = {"viewer", "agent", "service"};

    @Test
    void everyRouteRefusesAnonymousCallersAndRolesItDoesNotAllow() {
        List.of(RouteAccess.of("GET", "/api/runs/metrics", READERS),
                RouteAccess.of("GET", "/api/runs/run-x/metrics", READERS),
                RouteAccess.of("GET", "/api/runs/run-x/critical-path", READERS),
                RouteAccess.of("GET", "/api/runs/run-x/spans", READERS),
                RouteAccess.of("GET", "/api/experiments/exp-x/summary", READERS),
                RouteAccess.of("GET", "/api/exports/runs.json", READERS),
                RouteAccess.of("GET", "/api/exports/runs.csv", READERS),
                RouteAccess.of("GET", "/api/exports/events.json", READERS),
                RouteAccess.of("GET", "/api/exports/events.csv", READERS),
                RouteAccess.of("GET", "/api/exports/paper/runs.parquet", READERS),
                RouteAccess.of("GET", "/api/exports/paper/events.parquet", READERS),
                RouteAccess.of("POST", "/v1/traces", "service", "agent").withBody("application/json", "{}"))
                .forEach(RouteAccess::check);
    }

    @Test
    void probesAndTheUiPagesNeedNoToken() {
        given().noFilters().get("/q/health/ready").then().statusCode(200);
        given().noFilters().get("/q/metrics").then().statusCode(200);
        given().noFilters().get("/index.html").then().statusCode(200);
    }

    @Test
    void aViewerTokenInTheUiCookieIsAccepted() {
        given().noFilters().cookie("troupe_token", io.troupe.testkit.TestCredentials.viewer())
                .get("/api/runs/metrics").then().statusCode(200);
    }
}
