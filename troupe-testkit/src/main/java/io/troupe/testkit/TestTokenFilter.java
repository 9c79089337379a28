package io.troupe.testkit;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.troupe.protocol.TroupeHeaders;

/**
 * Gives a RestAssured request without an {@code Authorization} header the real token of the caller
 * it plays ({@link TestCredentials#tokenFor}). Tests of authorization set their own header, or opt
 * out of filters with {@code given().noFilters()} to call anonymously.
 */
public final class TestTokenFilter implements Filter {
    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                           FilterContext context) {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", TestCredentials.bearer(TestCredentials.tokenFor(request.getMethod(),
                    request.getURI(), request.getHeaders().getValue(TroupeHeaders.AGENT))));
        }
        return context.next(request, response);
    }
}
