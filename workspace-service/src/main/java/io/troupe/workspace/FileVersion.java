package io.troupe.workspace;

import java.time.Instant;

/**
 * One accepted write of a file, kept forever. {@code baseVersion} is the head the writer named
 * (null if none); a {@code deleted} version is the tombstone a DELETE left, with empty content.
 */
public record FileVersion(String path, long version, String author, Instant createdAt, long size, String sha256,
                          Long baseVersion, boolean deleted, String content) {

    /** The same version without its content, as history listings show it. */
    public FileVersion withoutContent() {
        return new FileVersion(path, version, author, createdAt, size, sha256, baseVersion, deleted, null);
    }
}
