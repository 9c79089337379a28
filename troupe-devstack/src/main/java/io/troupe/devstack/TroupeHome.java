package io.troupe.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the root of a Troupe checkout, where the modules' build output lives. */
public final class TroupeHome {
    private TroupeHome() {
    }

    /**
     * {@code -Dtroupe.home}, then {@code TROUPE_HOME}, then the nearest directory above the
     * working directory that holds {@code troupe-broker/pom.xml}.
     */
    public static Path locate() {
        String configured = Optional.ofNullable(System.getProperty("troupe.home")).orElse(System.getenv("TROUPE_HOME"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("troupe-broker/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Troupe checkout above " + Path.of("").toAbsolutePath()
                + ": set TROUPE_HOME to it");
    }

    /** The {@code java} executable of the running JVM, which is known to be new enough. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
