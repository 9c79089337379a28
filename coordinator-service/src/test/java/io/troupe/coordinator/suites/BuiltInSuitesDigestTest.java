package io.troupe.coordinator.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.troupe.protocol.suite.Suite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The built-in suites are exactly what they were when each p-level was a directory of its own
 * ({@code suites/numlib-p09/suite.yaml}, its tests and solutions): the digests below were taken from
 * those directories. A digest covers everything a client or an agent is given of a suite: the manifest
 * (every field, the tasks in their order), the DAG's critical path, parallel fraction and bounds, every
 * test file and every reference solution with its content, and the missing solutions.
 */
class BuiltInSuitesDigestTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private static final Map<String, String> DIGESTS = Map.of(
            "tiny", "7ae5037521fc0b3a003c1853558fe6287d36002fd427c9daadd4091f888131d3",
            "numlib-p09", "d6bb504b754a139ec94f187874af6d3bb8f8ab1a18db61bbac18547729e59426",
            "numlib-p05", "e6f453aea5fb1d5187c587ae4e00ea06b058f8f28cd9f734bc6cd1472fc789da",
            "numlib-p02", "964bfa149148066af96369863e9e0c9a993f72e1a25895868c4e6a2c47e8d8bf",
            "textkit-p09", "f3b04b1cb431bc5b54ad67d1e2417885d7da371a04d0e592f6b33825a6fb4694",
            "textkit-p05", "ae8de1e0c2699cdbe2b1e3de89c828050845aaf31cb60edf618e402d99df9882",
            "textkit-p02", "a1674458bfd4a00d9f8684839f50551d45eb85a94effcc896260bdebfdce9b64",
            "geosvg-p09", "d55e620fbbef187b40f541b6e31ec1c3b9b2478a5c77ded4f2425a7a93d6ae82",
            "geosvg-p05", "707c1e9dc0536969f768764f607e91dcbe3e0f2914faa0847de0065cc1dd16b6",
            "geosvg-p02", "8454ed431610baeebb800fec72bb9bb79adc7a401dda958e8d6fe47dc4261d86");

    @Test
    void everyBuiltInSuiteIsWhatItsOwnDirectoryGave() {
        SuiteCatalog catalog = new SuiteCatalog();
        Map<String, String> digests = new LinkedHashMap<>();
        for (String id : SuiteCatalog.BUILT_IN) {
            digests.put(id, digest(catalog.get(id)));
        }

        assertThat(digests).containsExactlyInAnyOrderEntriesOf(DIGESTS);
    }

    /** A SHA-256 of the suite's canonical JSON: maps sorted by key, lists in their order. */
    static String digest(Suite suite) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("manifest", suite.manifest());
        canonical.put("criticalPath", suite.dag().criticalPath());
        canonical.put("parallelFraction", suite.dag().parallelFraction());
        Map<String, Integer> bounds = new TreeMap<>();
        for (int n = 1; n <= suite.dag().size(); n++) {
            bounds.put(String.format("%03d", n), suite.dag().makespanLowerBound(n));
        }
        canonical.put("makespanLowerBounds", bounds);
        canonical.put("tests", new TreeMap<>(suite.tests()));
        Map<String, Map<String, String>> solutions = new TreeMap<>();
        suite.solutions().forEach((task, files) -> solutions.put(task, new TreeMap<>(files)));
        canonical.put("solutions", solutions);
        canonical.put("missingSolutions", suite.missingSolutions());
        try {
            byte[] bytes = JSON.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
