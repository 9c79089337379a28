package io.troupe.workspace.testrun;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The counts of a JUnit XML report (pytest's {@code --junitxml}, Maven Surefire, ...) and which
 * tests failed or erred, as {@code classname::name}.
 */
public record JUnitReport(int passed, int failed, int errors, int skipped, List<String> failedTests) {

    public JUnitReport {
        failedTests = List.copyOf(failedTests);
    }

    public JUnitReport(int passed, int failed, int errors, int skipped) {
        this(passed, failed, errors, skipped, List.of());
    }

    /**
     * Sums the {@code <testsuite>} elements of the report at {@code file}; empty if there is no
     * readable report (the command did not write one, or was killed while writing it).
     */
    public static Optional<JUnitReport> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Sums the {@code <testsuite>} elements of a report; empty if {@code xml} is not a readable report. */
    public static Optional<JUnitReport> parse(byte[] xml) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null); // errors are thrown, not also printed to stderr
            var document = builder.parse(new ByteArrayInputStream(xml));
            NodeList suites = document.getElementsByTagName("testsuite");
            int tests = 0;
            int failures = 0;
            int errors = 0;
            int skipped = 0;
            for (int i = 0; i < suites.getLength(); i++) {
                Element suite = (Element) suites.item(i);
                tests += count(suite, "tests");
                failures += count(suite, "failures");
                errors += count(suite, "errors");
                skipped += count(suite, "skipped");
            }
            return Optional.of(new JUnitReport(Math.max(0, tests - failures - errors - skipped), failures, errors,
                    skipped, failedTests(document.getElementsByTagName("testcase"))));
        } catch (IOException | SAXException | ParserConfigurationException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<String> failedTests(NodeList cases) {
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element testCase = (Element) cases.item(i);
            if (testCase.getElementsByTagName("failure").getLength() > 0
                    || testCase.getElementsByTagName("error").getLength() > 0) {
                String cls = testCase.getAttribute("classname");
                failed.add((cls.isBlank() ? "" : cls + "::") + testCase.getAttribute("name"));
            }
        }
        return failed;
    }

    private static int count(Element suite, String attribute) {
        String value = suite.getAttribute(attribute);
        return value.isBlank() ? 0 : Integer.parseInt(value.trim());
    }
}
