package io.troupe.workspace.testrun.kubernetes;

import io.troupe.workspace.testrun.OutputTail;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The log of a test pod split into the tests' output (its tail) and the JUnit XML report the
 * sandbox script prints last, base64 between {@link SandboxJob#REPORT_BEGIN} and
 * {@link SandboxJob#REPORT_END}. Only the last such block counts: tests could print the markers too,
 * but the script prints its block after them.
 */
record PodLog(String output, Optional<byte[]> report) {

    static PodLog read(InputStream log, int outputLimit) throws IOException {
        OutputTail output = new OutputTail(outputLimit);
        StringBuilder block = null;
        byte[] report = null;
        try (var lines = new BufferedReader(new InputStreamReader(log, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals(SandboxJob.REPORT_BEGIN)) {
                    block = new StringBuilder();
                    report = null;
                } else if (block != null && line.equals(SandboxJob.REPORT_END)) {
                    report = decode(block.toString());
                    block = null;
                } else if (block != null) {
                    block.append(line.trim());
                } else {
                    output.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        // The script prints an empty line before its block, in case the output did not end its last line.
        String text = output.toString();
        return new PodLog(text.endsWith("\n\n") ? text.substring(0, text.length() - 1) : text,
                Optional.ofNullable(report));
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
