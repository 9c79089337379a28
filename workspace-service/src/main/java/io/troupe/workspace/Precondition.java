package io.troupe.workspace;

import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import java.util.Optional;

/**
 * What a writer believes about a file's head, from {@code If-Match} / {@code If-None-Match}, and
 * the decision that belief leads to given the real head.
 */
public sealed interface Precondition {

    /** {@code If-Match: "<version>"}: write only if the head is still that version. */
    record IfMatch(long version) implements Precondition {
    }

    /** {@code If-Match: *}: write on whatever version is the head, if the file exists. */
    record IfExists() implements Precondition {
    }

    /** {@code If-None-Match: *}: create only. */
    record IfAbsent() implements Precondition {
    }

    /** No precondition: allowed to create a file, refused (428) on an existing one. */
    record None() implements Precondition {
    }

    /** The head of a file as the write transaction saw it; a deleted head is a tombstone. */
    record Head(long version, String author, boolean deleted) {
        public Head(long version, String author) {
            this(version, author, false);
        }
    }

    /** What to do with a write. */
    sealed interface Decision {
    }

    /**
     * Append version {@code version}, based on {@code baseVersion}: the head the writer named
     * (null for a new file, or a last-writer-wins write that named none).
     */
    record Append(long version, Long baseVersion) implements Decision {
    }

    /** Refuse with 409: the run already has {@code maxFiles} live files, and this write would add one. */
    record TooManyFiles(int maxFiles) implements Decision {
    }

    /** Refuse with 404: there is no file to delete. */
    record Missing(long headVersion) implements Decision {
    }

    /** Refuse with 412: the writer's base is not the head (headVersion 0 when there is no file). */
    record Conflict(Long baseVersion, long headVersion, String headAuthor) implements Decision {
    }

    /** Refuse with 428: the file exists and the writer named no base. */
    record Required(long headVersion, String headAuthor) implements Decision {
    }

    /** The decision for a write in the optimistic mode. */
    default Decision decide(Optional<Head> head) {
        return decide(head, Mode.OPTIMISTIC, false);
    }

    /**
     * The decision for a write ({@code delete} false) or a delete of a file whose head is
     * {@code head}. A tombstone counts as no file, but versions go on after it. In
     * last-writer-wins mode a write is never refused; a delete of no file still is (404).
     */
    default Decision decide(Optional<Head> rawHead, Mode mode, boolean delete) {
        Optional<Head> head = rawHead.filter(h -> !h.deleted());
        long next = rawHead.map(h -> h.version() + 1).orElse(1L);
        if (delete && head.isEmpty()) {
            return new Missing(rawHead.map(Head::version).orElse(0L));
        }
        if (mode == Mode.LAST_WRITER_WINS) {
            Long base = switch (this) {
                case IfMatch m -> m.version();
                case IfExists e -> head.map(Head::version).orElse(null);
                case IfAbsent a -> null;
                case None n -> null;
            };
            return new Append(next, base);
        }
        if (head.isEmpty() && !(this instanceof IfMatch) && !(this instanceof IfExists)) {
            // creating a file (again, after a tombstone): based on the tombstone it replaces
            return new Append(next, rawHead.map(Head::version).orElse(null));
        }
        return switch (this) {
            case IfMatch m -> head.filter(h -> h.version() == m.version())
                    .<Decision>map(h -> new Append(h.version() + 1, h.version()))
                    .orElseGet(() -> conflict(m.version(), head));
            case IfExists e -> head.<Decision>map(h -> new Append(h.version() + 1, h.version()))
                    .orElseGet(() -> conflict(null, head));
            case IfAbsent a -> head.isEmpty() ? new Append(1, null) : conflict(null, head);
            case None n -> head.<Decision>map(h -> new Required(h.version(), h.author()))
                    .orElseGet(() -> new Append(1, null));
        };
    }

    /** The base version this write claimed, for reporting a conflict it lost at insert time. */
    default Long claimedBase() {
        return switch (this) {
            case IfMatch m -> m.version();
            case IfExists e -> null;
            case IfAbsent a -> null;
            case None n -> null;
        };
    }

    private static Conflict conflict(Long base, Optional<Head> head) {
        return new Conflict(base, head.map(Head::version).orElse(0L), head.map(Head::author).orElse(null));
    }

    /**
     * Reads the HTTP headers. An entity tag is {@code "<version>"} (missing quotes are tolerated);
     * a weak tag {@code W/"<version>"} is refused with 412, since {@code If-Match} uses the strong
     * comparison (RFC 9110 §13.1.1) and a weak tag never matches. {@code If-None-Match} only
     * supports {@code *}.
     */
    static Precondition fromHeaders(String ifMatch, String ifNoneMatch) {
        boolean hasMatch = ifMatch != null && !ifMatch.isBlank();
        boolean hasNoneMatch = ifNoneMatch != null && !ifNoneMatch.isBlank();
        if (hasMatch && hasNoneMatch) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "send either If-Match (to update) or If-None-Match: "
                    + "* (to create), "
                    + "not both");
        }
        if (hasNoneMatch) {
            if (!ifNoneMatch.trim().equals("*")) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "If-None-Match only supports '*' (create the "
                        + "file if it does not "
                        + "exist); got '" + ifNoneMatch + "'");
            }
            return new IfAbsent();
        }
        if (!hasMatch) {
            return new None();
        }
        String tag = ifMatch.trim();
        if (tag.equals("*")) {
            return new IfExists();
        }
        if (tag.startsWith("W/")) {
            throw new ProblemException(ProblemType.WEAK_ETAG, "If-Match uses the strong comparison "
                    + "(RFC 9110 §13.1.1), so the weak entity tag " + shown(ifMatch) + " never matches; send the "
                    + "ETag as read, e.g. \"3\"");
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            long version = Long.parseLong(tag);
            if (version < 1) {
                throw new NumberFormatException();
            }
            return new IfMatch(version);
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "If-Match must be the ETag of a version you read, "
                    + "e.g. \"3\"; got '"
                    + shown(ifMatch) + "'");
        }
    }

    private static String shown(String header) {
        return header.length() > 80 ? header.substring(0, 80) + "…" : header;
    }
}
