package io.troupe.workspace;

import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;

/**
 * A file's path inside a run's workspace: relative, {@code /}-separated, no empty, {@code .} or
 * {@code ..} segment, no backslash or control character, at most {@value #MAX_LENGTH} characters.
 * Holding one means the path was checked, so it can be joined to a directory safely.
 */
public record WorkspacePath(String value) {
    public static final int MAX_LENGTH = 255;

    public WorkspacePath {
        String problem = problemWith(value);
        if (problem != null) {
            throw new ProblemException(ProblemType.INVALID_PATH, "'" + printable(value) + "' is not a valid "
                            + "workspace path: " + problem
                            + "; use a relative path with '/' between non-empty segments, e.g. src/app/models.py");
        }
    }

    public static WorkspacePath of(String value) {
        return new WorkspacePath(value);
    }

    /**
     * Where this file lives under {@code root} (a run's snapshot directory). A checked path never
     * leaves {@code root}; the check here guards that promise against a change of the rules.
     */
    public java.nio.file.Path resolveIn(java.nio.file.Path root) {
        java.nio.file.Path base = root.toAbsolutePath().normalize();
        java.nio.file.Path target = base.resolve(value).normalize();
        if (!target.startsWith(base) || target.equals(base)) {
            throw new IllegalStateException("path " + printable(value) + " escapes " + base);
        }
        return target;
    }

    /** Why {@code value} is not a valid path, or null if it is. */
    static String problemWith(String value) {
        if (value == null || value.isEmpty()) {
            return "it is empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "it has " + value.length() + " characters, more than " + MAX_LENGTH;
        }
        if (value.startsWith("/")) {
            return "it is absolute";
        }
        if (value.indexOf('\\') >= 0) {
            return "it contains a backslash";
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return "it contains a control character";
            }
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty()) {
                return "it has an empty segment";
            }
            if (segment.equals("..")) {
                return "it contains '..'";
            }
            if (segment.equals(".")) {
                return "it contains a '.' segment";
            }
        }
        return null;
    }

    private static String printable(String value) {
        if (value == null) {
            return "";
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public String toString() {
        return value;
    }
}
