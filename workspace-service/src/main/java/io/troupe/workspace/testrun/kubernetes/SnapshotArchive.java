package io.troupe.workspace.testrun.kubernetes;

import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import io.troupe.workspace.testrun.SnapshotTar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/** A run's snapshot as a gzipped tar, the way a test pod receives it (unpacked by its init container). */
final class SnapshotArchive {
    private SnapshotArchive() {
    }

    /**
     * The files of {@code snapshot} (path to content) as a tar.gz, in path order.
     *
     * @throws ProblemException 422 if a path is both a file and a directory of another file
     */
    static byte[] tarGz(Map<String, String> snapshot) {
        Map<String, String> files = new TreeMap<>(snapshot);
        for (String path : files.keySet()) {
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                String parent = path.substring(0, slash);
                if (files.containsKey(parent)) {
                    throw new ProblemException(ProblemType.SNAPSHOT_NOT_WRITABLE, "cannot place "
                            + path + " in the test snapshot: " + parent + " is a file; a path cannot be both a file "
                            + "and a directory");
                }
            }
        }
        var bytes = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(bytes)) {
            SnapshotTar.write(files, gzip);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot archive the test snapshot", e);
        }
        return bytes.toByteArray();
    }
}
