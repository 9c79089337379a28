package io.troupe.workspace.testrun;

import io.troupe.workspace.WorkspacePath;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A test run's files as a tar stream, for sandboxes that receive them whole (a Kubernetes Job's
 * ConfigMap, a container's stdin): each path under the same rules as a local run (relative, no
 * {@code ..}), mode 0644, UTF-8 content.
 */
public final class SnapshotTar {
    private SnapshotTar() {
    }

    /** Writes {@code files} (path to content) as a tar to {@code to} and finishes it; {@code to} stays open. */
    public static void write(Map<String, String> files, OutputStream to) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(to, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (var file : files.entrySet()) {
            String path = WorkspacePath.of(file.getKey()).toString();
            byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(path);
            entry.setSize(content.length);
            entry.setMode(0644);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }
}
