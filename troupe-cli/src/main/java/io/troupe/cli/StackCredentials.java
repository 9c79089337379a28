package io.troupe.cli;

import io.troupe.protocol.auth.Credentials;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * A local stack's credentials on disk: {@value #FILE} in its run directory, created readable and
 * writable by its owner only ({@code 0600}) before any secret is written into it.
 */
public final class StackCredentials {
    public static final String FILE = "credentials.properties";

    private StackCredentials() {
    }

    public static Path write(Path runDir, Credentials credentials) {
        Path file = runDir.resolve(FILE);
        try {
            Files.createDirectories(runDir);
            try {
                Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file); // not a POSIX file system: the directory's protection is all there is
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                credentials.toProperties().store(out, "Troupe local stack credentials; "
                        + "the operator's token: export TROUPE_TOKEN=<troupe.auth.operator-token>");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the stack's credentials to " + file, e);
        }
    }

    public static Credentials read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read credentials from " + file, e);
        }
        return Credentials.fromProperties(p);
    }
}
