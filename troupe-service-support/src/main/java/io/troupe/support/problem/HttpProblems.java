package io.troupe.support.problem;

import io.troupe.protocol.problem.ProblemType;
import java.util.Map;

/** Problems for plain HTTP statuses (unknown route, wrong method, body too large, ...). */
public final class HttpProblems {
    private HttpProblems() {
    }

    /**
     * The problem of an HTTP-layer refusal with {@code status}. A status the catalogue names has its
     * type; any other keeps its status under {@link ProblemType#HTTP_ERROR} or, from 500 on,
     * {@link ProblemType#INTERNAL_ERROR}.
     */
    public static Problem of(int status, String detail, String path) {
        ProblemType type = typeOf(status);
        return new Problem(type.uri(), type.title(), status, detail, path, Map.of());
    }

    static ProblemType typeOf(int status) {
        return switch (status) {
            case 400 -> ProblemType.BAD_REQUEST;
            case 401 -> ProblemType.UNAUTHORIZED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 408 -> ProblemType.REQUEST_TIMEOUT;
            case 413 -> ProblemType.CONTENT_TOO_LARGE;
            case 414 -> ProblemType.URI_TOO_LONG;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case 431 -> ProblemType.REQUEST_HEADER_FIELDS_TOO_LARGE;
            case 500 -> ProblemType.INTERNAL_SERVER_ERROR;
            case 503 -> ProblemType.SERVICE_UNAVAILABLE;
            default -> status >= 500 ? ProblemType.INTERNAL_ERROR : ProblemType.HTTP_ERROR;
        };
    }
}
