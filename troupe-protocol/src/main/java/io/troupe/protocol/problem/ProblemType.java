package io.troupe.protocol.problem;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every problem a Troupe service answers with: its stable slug (the problem's {@code type} URI is
 * {@link #TYPE_BASE} followed by it), its HTTP status and its title. Servers throw with these
 * constants; clients recognise an answer with {@link #fromType(String)}. A slug, status or title
 * changed here changes the wire for every client, so they stay as documented in docs/api.md.
 */
public enum ProblemType {
    // The shape of a request, on every service
    BAD_REQUEST("bad-request", 400, "Bad request"),
    INVALID_FIELD("invalid-field", 400, "Invalid request"),
    WRONG_TYPE("wrong-type", 400, "Wrong JSON type"),
    UNKNOWN_FIELD("unknown-field", 400, "Unknown field"),
    MALFORMED_JSON("malformed-json", 400, "Malformed JSON"),

    // The HTTP layer's own refusals, titled with the status's reason phrase (RFC 9110's names)
    UNAUTHORIZED("unauthorized", 401, "Unauthorized"),
    NOT_FOUND("not-found", 404, "Not Found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method Not Allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not Acceptable"),
    REQUEST_TIMEOUT("request-timeout", 408, "Request Timeout"),
    CONTENT_TOO_LARGE("content-too-large", 413, "Content Too Large"),
    URI_TOO_LONG("uri-too-long", 414, "URI Too Long"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported Media Type"),
    REQUEST_HEADER_FIELDS_TOO_LARGE("request-header-fields-too-large", 431, "Request Header Fields Too Large"),
    INTERNAL_SERVER_ERROR("internal-server-error", 500, "Internal Server Error"),
    SERVICE_UNAVAILABLE("service-unavailable", 503, "Service Unavailable"),
    /** Any other 4xx of the HTTP layer; the answer keeps the status it was refused with. */
    HTTP_ERROR("error", 400, "Error"),
    /** Every connection of the service's database pool was in use for its whole acquisition timeout. */
    DATABASE_BUSY("database-busy", 503, "Database busy"),
    /** An unexpected failure (or any other 5xx of the HTTP layer, which keeps its status). */
    INTERNAL_ERROR("internal-error", 500, "Internal error"),

    // Authentication and authorisation
    UNAUTHENTICATED("unauthenticated", 401, "Unauthorized"),
    INVALID_TOKEN("invalid-token", 401, "Unauthorized"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    NOT_AN_AGENT("not-an-agent", 403, "Forbidden"),
    AGENT_MISMATCH("agent-mismatch", 403, "Forbidden"),
    AGENT_NOT_ON_TEAM("agent-not-on-team", 403, "Forbidden"),
    SOLUTION_NEEDS_RUN("solution-needs-run", 403, "Forbidden"),
    SOLUTION_NOT_SERVED("solution-not-served", 403, "Forbidden"),

    // Coordinator: suites, runs, experiments
    SUITE_NOT_FOUND("suite-not-found", 404, "Suite not found"),
    TASK_NOT_FOUND("task-not-found", 404, "Task not found"),
    RUN_NOT_FOUND("run-not-found", 404, "Not found"),
    EXPERIMENT_NOT_FOUND("experiment-not-found", 404, "Not found"),
    INVALID_SUITE("invalid-suite", 400, "Invalid suite"),
    SUITE_EXISTS("suite-exists", 409, "Suite exists"),
    /** A simulated run of a suite that has no reference solutions (simulated agents write them). */
    SUITE_WITHOUT_SOLUTIONS("suite-without-solutions", 409, "Suite without solutions"),
    INVALID_TEAM_SIZE("invalid-team-size", 400, "Invalid team size"),
    UNSUPPORTED_ARCHITECTURE("unsupported-architecture", 400, "Unsupported architecture"),
    TOO_MANY_RUNS("too-many-runs", 400, "Too many runs"),
    RUN_FINISHED("run-finished", 409, "Run finished"),
    EXPERIMENT_FINISHED("experiment-finished", 409, "Experiment finished"),
    BROKER_UNAVAILABLE("broker-unavailable", 503, "Broker unavailable"),
    WORKSPACE_UNAVAILABLE("workspace-unavailable", 502, "Workspace unavailable"),

    // Coordinator: claims, leases, assignment
    CLAIM_CONFLICT("claim-conflict", 409, "Claim conflict"),
    CLAIM_BLOCKED("claim-blocked", 409, "Claim blocked"),
    STALE_LEASE("stale-lease", 409, "Stale lease"),
    TASK_NOT_OWNED("task-not-owned", 409, "Task not owned"),
    TASK_CONTENDED("task-contended", 409, "Task contended"),
    MISSING_AGENT("missing-agent", 400, "Missing agent"),
    MISSING_LEASE_EPOCH("missing-lease-epoch", 400, "Missing lease epoch"),
    NOT_A_LEAD_RUN("not-a-lead-run", 409, "Not a lead run"),
    NOT_THE_LEAD("not-the-lead", 403, "Not the lead"),
    NOT_ON_TEAM("not-on-team", 400, "Not on the team"),

    // Coordinator: the run clock
    NOT_ON_RUN_CLOCK("not-on-run-clock", 409, "Not on the run clock"),
    TIMER_NOT_FOUND("timer-not-found", 404, "Not found"),

    // Traces (coordinator and metrics)
    TRACE_NOT_FOUND("trace-not-found", 404, "Not found"),
    JAEGER_UNAVAILABLE("jaeger-unavailable", 502, "Jaeger unavailable"),
    RECEIVER_BUSY("receiver-busy", 503, "Receiver busy"),

    // Workspace: files
    FILE_NOT_FOUND("file-not-found", 404, "Not found"),
    FILE_DELETED("file-deleted", 410, "File deleted"),
    FILE_TOO_LARGE("file-too-large", 413, "File too large"),
    TOO_MANY_FILES("too-many-files", 409, "Too many files"),
    WRITE_CONFLICT("write-conflict", 412, "Write conflict"),
    WEAK_ETAG("weak-etag", 412, "Weak entity tag"),
    PRECONDITION_REQUIRED("precondition-required", 428, "Precondition required"),
    INVALID_PATH("invalid-path", 400, "Invalid path"),
    UNSUPPORTED_MODE("unsupported-mode", 400, "Unsupported mode"),
    UNSUPPORTED_CONTENT("unsupported-content", 415, "Unsupported content"),
    EMPTY_WORKSPACE("empty-workspace", 409, "Empty workspace"),
    TEAM_UNKNOWN("team-unknown", 503, "Team unknown"),

    // Workspace: test runs
    INVALID_TEST_COMMAND("invalid-test-command", 422, "Invalid test command"),
    SNAPSHOT_NOT_WRITABLE("snapshot-not-writable", 422, "Snapshot not writable"),
    SNAPSHOT_TOO_LARGE("snapshot-too-large", 413, "Snapshot too large for a test Job"),
    TEST_SANDBOX_UNAVAILABLE("test-sandbox-unavailable", 503, "Test sandbox unavailable"),
    SANDBOX_UNAVAILABLE("sandbox-unavailable", 503, "No sandbox for test runs"),
    TOO_MANY_TEST_RUNS("too-many-test-runs", 429, "Too many test runs"),

    // Agent service
    AGENT_NOT_FOUND("agent-not-found", 404, "Not found");

    /** Problem types are this base followed by a slug. */
    public static final String TYPE_BASE = "https://troupe.dev/problems/";

    private static final Map<String, ProblemType> BY_SLUG = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ProblemType::slug, Function.identity()));

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    /** The stable slug, e.g. {@code stale-lease}. */
    public String slug() {
        return slug;
    }

    /** The HTTP status a problem of this type is answered with. */
    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The problem's {@code type} member: {@link #TYPE_BASE} and the slug. */
    public String uri() {
        return TYPE_BASE + slug;
    }

    /** The type whose {@link #uri()} is {@code type} (a problem body's {@code type}); empty for any other. */
    public static Optional<ProblemType> fromType(String type) {
        if (type == null || !type.startsWith(TYPE_BASE)) {
            return Optional.empty();
        }
        return fromSlug(type.substring(TYPE_BASE.length()));
    }

    private static Optional<ProblemType> fromSlug(String slug) {
        return Optional.ofNullable(slug == null ? null : BY_SLUG.get(slug));
    }
}
