package io.troupe.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What crosses a boundary is written once, in troupe-protocol: no production source of any module
 * spells a problem type, a status-built problem or a Troupe header outside the catalogue.
 */
class ContractLiteralsTest {
    private static final String CATALOGUE = "troupe-protocol/src/main/java/io/troupe/protocol/problem/ProblemType.java";
    private static final String HEADERS = "troupe-protocol/src/main/java/io/troupe/protocol/TroupeHeaders.java";

    private static Path root;
    private static Map<String, String> sources;

    @BeforeAll
    static void readSources() throws IOException {
        root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve(CATALOGUE)).as("run from a module of the Troupe checkout").exists();
        Map<String, String> read = new java.util.TreeMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(f -> read.put(
                            root.relativize(f).toString().replace('\\', '/'), text(f)));
                }
            }
        }
        sources = read;
    }

    @Test
    void problemTypeUrisAreSpelledOnlyInTheCatalogue() {
        assertThat(sources).containsKey(CATALOGUE).hasSizeGreaterThan(100);
        assertThat(offenders(Pattern.compile("\"https://troupe\\.dev/problems/"), CATALOGUE)).isEmpty();
    }

    @Test
    void problemsAreThrownWithACatalogueTypeNotAStatus() {
        assertThat(offenders(Pattern.compile("new ProblemException\\(\\s*\\d"), CATALOGUE)).isEmpty();
    }

    @Test
    void troupeHeadersAreSpelledOnlyInTroupeHeaders() {
        assertThat(offenders(Pattern.compile("\"Troupe-[A-Z]"), HEADERS)).isEmpty();
    }

    /** {@code file:line} of every match of {@code pattern} outside {@code allowed}. */
    private static List<String> offenders(Pattern pattern, String allowed) {
        List<String> found = new ArrayList<>();
        sources.forEach((file, text) -> {
            if (file.equals(allowed)) {
                return;
            }
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                found.add(file + ":" + (text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1));
            }
        });
        return found;
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
