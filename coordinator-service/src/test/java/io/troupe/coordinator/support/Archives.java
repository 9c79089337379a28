package io.troupe.coordinator.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Builds suite archives in memory, path to content. */
public final class Archives {
    private Archives() {
    }

    public static byte[] zip(Map<String, String> files) {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            for (var file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] tarGz(Map<String, String> files) {
        var bytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A valid two-task suite: b depends on a. */
    public static Map<String, String> twoTasks(String id) {
        return new java.util.LinkedHashMap<>(Map.of(
                "suite.yaml", """
                        id: %s
                        title: Two tasks
                        language: python
                        testCommand: python3 -m pytest -q
                        tasks:
                          - {id: a, title: A, files: [a.py], tests: [tests/test_a.py]}
                          - {id: b, title: B, dependencies: [a], files: [b.py], tests: [tests/test_b.py]}
                        """.formatted(id),
                "tests/test_a.py", "from a import one\n\ndef test_one():\n    assert one() == 1\n",
                "tests/test_b.py", "from b import two\n\ndef test_two():\n    assert two() == 2\n",
                "solutions/a/a.py", "def one():\n    return 1\n",
                "solutions/b/b.py", "from a import one\n\ndef two():\n    return one() + 1\n"));
    }
}
