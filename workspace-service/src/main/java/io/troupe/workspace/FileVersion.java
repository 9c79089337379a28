package io.troupe.workspace;

import java.time.Instant;

/** One accepted write of a file, kept forever. */
public record FileVersion(String path, long version, String author, Instant createdAt, long size, String sha256,
                          String content) {

    /** The same version without its content, as history listings show it. */
    public FileVersion withoutContent() {
        return new FileVersion(path, version, author, createdAt, size, sha256, null);
    }
}
