package io.troupe.testkit;

import io.quarkus.test.junit.callback.QuarkusTestBeforeClassCallback;
import io.restassured.RestAssured;

/**
 * Installs {@link TestTokenFilter} before every {@code @QuarkusTest} class, so the existing tests
 * call the services with real tokens without each call naming one.
 */
public class TestTokens implements QuarkusTestBeforeClassCallback {
    @Override
    public void beforeClass(Class<?> testClass) {
        if (RestAssured.filters().stream().noneMatch(TestTokenFilter.class::isInstance)) {
            RestAssured.filters(new TestTokenFilter());
        }
    }
}
