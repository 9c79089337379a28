package io.troupe.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.troupe.protocol.problem.ProblemType;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The HTTP layer's own refusals as problem details, before and around the REST endpoints.
 *
 * <p>Vert.x refuses a request line or headers over {@code quarkus.http.limits.max-initial-line-length}
 * / {@code max-header-size} in its codec, with a bodiless 414/431 that no Quarkus hook can change.
 * So those codec limits are set well above ours (see each service's application.properties) and
 * the limits a client meets are checked here, where a problem body can be written:
 * {@code troupe.http.max-uri-length} characters of URI and {@code troupe.http.max-header-bytes}
 * bytes of header names and values; and a declared body length over
 * {@code quarkus.http.limits.max-body-size}. A route that fails with a status alone (the body handler's
 * 413, for one) is rendered here too; security failures are left to the security layer.
 */
@ApplicationScoped
public class HttpLimits {
    private static final Logger LOG = Logger.getLogger(HttpLimits.class);

    private final ObjectMapper json;
    private final int maxUriLength;
    private final int maxHeaderBytes;
    private final long maxBodyBytes;

    public HttpLimits(ObjectMapper json,
                      @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                      MemorySize maxBody,
                      @ConfigProperty(name = "troupe.http.max-uri-length", defaultValue = "4096") int maxUriLength,
                      @ConfigProperty(name = "troupe.http.max-header-bytes", defaultValue = "16384")
                      int maxHeaderBytes) {
        this.json = json;
        this.maxUriLength = maxUriLength;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBody.asLongValue();
    }

    void routes(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkLimits);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    }

    private void checkLimits(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String uri = request.uri();
        if (uri != null && uri.length() > maxUriLength) {
            send(rc, Problem.of(ProblemType.URI_TOO_LONG, "the request URI has " + uri.length()
                    + " characters, more than " + maxUriLength + "; send long inputs in a request "
                            + "body", null, Map.of("max", maxUriLength)));
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > maxHeaderBytes) {
            send(rc, Problem.of(ProblemType.REQUEST_HEADER_FIELDS_TOO_LARGE, "the request headers have "
                    + headerBytes + " bytes, more than " + maxHeaderBytes, pathOf(rc), Map.of("max", maxHeaderBytes)));
            return;
        }
        // A declared length over the limit is answered here, before the body is read; Quarkus's own
        // check (for a chunked body that grows over it) answers a bodiless 413.
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > maxBodyBytes) {
            send(rc, Problem.of(ProblemType.CONTENT_TOO_LARGE, "the request body has " + length
                    + " bytes, more than this service's " + maxBodyBytes + " "
                            + "(quarkus.http.limits.max-body-size)", pathOf(rc),
                    Map.of("max", maxBodyBytes)));
            return;
        }
        rc.next();
    }

    private void failure(RoutingContext rc) {
        Throwable failure = rc.failure();
        if (rc.response().ended() || rc.response().headWritten()
                || failure != null && failure.getClass().getName().startsWith("io.quarkus.security")) {
            rc.next();
            return;
        }
        int status = failure instanceof HttpException http ? http.getStatusCode()
                : failure == null && rc.statusCode() >= 400 ? rc.statusCode() : 500;
        String detail = switch (status) {
            case 413 -> "the request body is larger than this service accepts (quarkus.http.limits.max-body-size)";
            case 500 -> "the server failed unexpectedly"
                    + (failure == null ? "" : " (" + failure.getClass().getSimpleName() + ")")
                    + "; its log has the details";
            default -> failure instanceof HttpException http && http.getPayload() != null ? http.getPayload()
                    : "the request was refused by the HTTP layer";
        };
        if (status == 500) {
            LOG.errorf(failure, "unexpected failure on %s", pathOf(rc));
        }
        send(rc, HttpProblems.of(status, detail, pathOf(rc)));
    }

    private void send(RoutingContext rc, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + problem.status() + "}";
        }
        var response = rc.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (problem.status() == 413 || problem.status() == 414 || problem.status() == 431) {
            // the rest of an oversized request is not read: the connection cannot be reused
            response.putHeader(HttpHeaders.CONNECTION, "close");
            response.end(body).onComplete(done -> rc.request().connection().close());
            return;
        }
        response.end(body);
    }

    private static String pathOf(RoutingContext rc) {
        String path = rc.request().path();
        return path == null || path.length() > 200 ? null : path;
    }
}
