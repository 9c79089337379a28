package io.troupe.coordinator.suites;

import io.troupe.protocol.suite.InvalidSuiteException;
import io.troupe.protocol.suite.SuiteLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The files of an uploaded suite archive (zip or tar.gz, told apart by their first bytes), as text by
 * path. Refuses entries that would leave the suite's directory and archives larger than a limit once
 * unpacked; a suite wrapped in one top-level directory is unwrapped.
 */
public final class SuiteArchive {
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ZIP = {'P', 'K', 5, 6};
    private static final byte[] GZIP = {0x1f, (byte) 0x8b};

    private SuiteArchive() {
    }

    /**
     * @param body     the archive's bytes
     * @param maxBytes the most bytes its files may hold together once unpacked
     */
    public static Map<String, String> read(byte[] body, long maxBytes) {
        return unwrap(files(body, maxBytes));
    }

    /** The archive's files by path as they are in it, without unwrapping a top-level directory. */
    public static Map<String, String> files(byte[] body, long maxBytes) {
        Reader reader;
        if (startsWith(body, ZIP) || startsWith(body, EMPTY_ZIP)) {
            reader = SuiteArchive::readZip;
        } else if (startsWith(body, GZIP)) {
            reader = SuiteArchive::readTarGz;
        } else {
            String hint = body.length > 0 && body[0] == '{'
                    ? "; it looks like JSON: import a task list with POST /api/suites/import" : "";
            throw new InvalidSuiteException(List.of("the body is not a zip or tar.gz archive (it starts with "
                    + describeStart(body) + ")" + hint));
        }
        Map<String, String> files = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        try {
            reader.read(new ByteArrayInputStream(body), new Collector(files, problems, maxBytes));
        } catch (InvalidSuiteException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            problems.add("the archive cannot be read: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new InvalidSuiteException(problems);
        }
        if (files.isEmpty()) {
            throw new InvalidSuiteException(List.of("the archive holds no files"));
        }
        return files;
    }

    private interface Reader {
        void read(InputStream in, Collector collector) throws IOException;
    }

    private static void readZip(InputStream in, Collector collector) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (!entry.isDirectory() && !collector.add(entry.getName(), zip)) {
                    return;
                }
            }
        }
    }

    private static void readTarGz(InputStream in, Collector collector) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isSymbolicLink() || entry.isLink()) {
                    collector.problems.add("archive entry '" + entry.getName() + "' is a link; a suite holds "
                            + "only regular files");
                } else if (entry.isFile() && !collector.add(entry.getName(), tar)) {
                    return;
                }
            }
        }
    }

    /** Gathers the entries' text, counting unpacked bytes so that an archive bomb stops early. */
    private static final class Collector {
        private final Map<String, String> files;
        private final List<String> problems;
        private final long maxBytes;
        private long total;

        Collector(Map<String, String> files, List<String> problems, long maxBytes) {
            this.files = files;
            this.problems = problems;
            this.maxBytes = maxBytes;
        }

        /** @return false once the size limit is exceeded: stop reading */
        boolean add(String name, InputStream in) throws IOException {
            String path = name.startsWith("./") ? name.substring(2) : name;
            byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes - total + 1));
            total += content.length;
            if (total > maxBytes) {
                problems.add("the suite is larger than " + maxBytes + " bytes once unpacked (the limit, "
                        + "troupe.suite-max-bytes)");
                return false;
            }
            if (!SuiteLoader.isSafePath(path)) {
                problems.add("archive entry '" + name + "' leaves the suite's directory (an absolute path, "
                        + "'..' or a backslash); use paths relative to the suite's root");
                return true;
            }
            files.put(path, new String(content, StandardCharsets.UTF_8));
            return true;
        }
    }

    // An archive made of a directory ("mysuite/suite.yaml", ...) is read as that directory's contents.
    private static Map<String, String> unwrap(Map<String, String> files) {
        if (files.containsKey(SuiteLoader.MANIFEST)) {
            return files;
        }
        String first = files.keySet().iterator().next();
        int slash = first.indexOf('/');
        if (slash < 0) {
            return files;
        }
        String prefix = first.substring(0, slash + 1);
        if (!files.containsKey(prefix + SuiteLoader.MANIFEST)
                || !files.keySet().stream().allMatch(p -> p.startsWith(prefix))) {
            return files;
        }
        Map<String, String> unwrapped = new LinkedHashMap<>();
        files.forEach((path, content) -> unwrapped.put(path.substring(prefix.length()), content));
        return unwrapped;
    }

    private static boolean startsWith(byte[] body, byte[] magic) {
        if (body.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (body[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static String describeStart(byte[] body) {
        if (body.length == 0) {
            return "nothing: the body is empty";
        }
        byte[] head = java.util.Arrays.copyOf(body, Math.min(body.length, 4));
        return "bytes " + HexFormat.ofDelimiter(" ").formatHex(head);
    }
}
