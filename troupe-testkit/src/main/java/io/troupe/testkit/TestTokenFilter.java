package io.troupe.testkit;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Gives a RestAssured request without an {@code Authorization} header the real token of the caller
 * it plays: the agent its {@code Troupe-Agent} header names (the services' own author
 * {@code coordinator} is the service identity), the service identity for the OTLP receiver, and
 * the operator otherwise. Tests of authorization set their own header, or opt out of filters
 * with {@code given().noFilters()} to call anonymously.
 */
public final class TestTokenFilter implements Filter {
    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                           FilterContext context) {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", TestCredentials.bearer(token(request)));
        }
        return context.next(request, response);
    }

    private static String token(FilterableRequestSpecification request) {
        String agent = request.getHeaders().getValue("Troupe-Agent");
        if (agent != null && !agent.isBlank()) {
            return "coordinator".equals(agent) ? TestCredentials.service() : TestCredentials.agent(agent.strip());
        }
        String path = request.getURI();
        if (path != null && path.contains("/v1/traces")) {
            return TestCredentials.service();
        }
        return TestCredentials.operator();
    }
}
