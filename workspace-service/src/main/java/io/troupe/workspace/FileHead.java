package io.troupe.workspace;

/** The newest version of a file: what a list shows. {@code size} is in UTF-8 bytes. */
public record FileHead(String path, long version, String author, long size) {
}
