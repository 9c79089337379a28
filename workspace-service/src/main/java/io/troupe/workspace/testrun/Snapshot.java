package io.troupe.workspace.testrun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The files a test run sees: the run's heads at one instant, each with a {@code key} that names
 * its content for good (its version: versions are never changed), and the content itself on
 * demand, so that a runner which keeps the files of earlier runs fetches only what is new.
 */
public record Snapshot(String runId, List<Entry> entries) {

    /** One file: {@code key} is the same only for the same content of the same path. */
    public record Entry(String path, String key, Supplier<String> content) {
    }

    public Snapshot {
        entries = List.copyOf(entries);
    }

    /** A snapshot of given contents (tests, benchmarks): each key is the content's SHA-256. */
    public static Snapshot of(String runId, Map<String, String> files) {
        return new Snapshot(runId, files.entrySet().stream()
                .map(f -> new Entry(f.getKey(), sha256(f.getValue()), f::getValue)).toList());
    }

    /** Every file's content, by path (what a Kubernetes Job is handed). */
    public Map<String, String> contents() {
        Map<String, String> files = new LinkedHashMap<>();
        entries.forEach(e -> files.put(e.path(), e.content().get()));
        return files;
    }

    public int size() {
        return entries.size();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
