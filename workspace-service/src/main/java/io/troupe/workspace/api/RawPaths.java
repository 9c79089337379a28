package io.troupe.workspace.api;

import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The file path exactly as the client sent it. The HTTP layer normalizes request paths before
 * routing ({@code a/../b} becomes {@code b}, {@code //etc} becomes {@code /etc}), which would turn
 * a path the API must refuse into a different, valid one; so file paths are taken from the raw
 * request path and validated as sent.
 */
final class RawPaths {
    private static final String PREFIX = "/api/runs/";

    private RawPaths() {
    }

    /**
     * The decoded remainder of {@code /api/runs/<run>/<section>/<remainder>}; {@code routed} (what the
     * router matched) if the raw path does not have that shape.
     */
    static String after(HttpServerRequest request, String section, String routed) {
        String raw = request.path();
        if (raw == null || !raw.startsWith(PREFIX)) {
            return routed;
        }
        int runEnd = raw.indexOf('/', PREFIX.length());
        if (runEnd < 0 || !raw.startsWith(section + "/", runEnd + 1)) {
            return routed;
        }
        return decode(raw.substring(runEnd + 1 + section.length() + 1));
    }

    /** {@code remainder} without its {@code suffix} (a route's literal tail, like {@code /versions}). */
    static String before(String remainder, String suffix) {
        return remainder.endsWith(suffix) ? remainder.substring(0, remainder.length() - suffix.length()) : remainder;
    }

    /** Percent-decoding of a URL path (unlike form decoding, '+' stays '+'). */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        var bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < raw.length()) {
            int percent = raw.indexOf('%', i);
            int plainEnd = percent < 0 ? raw.length() : percent;
            bytes.writeBytes(raw.substring(i, plainEnd).getBytes(StandardCharsets.UTF_8));
            i = plainEnd;
            if (percent >= 0) {
                if (percent + 2 < raw.length() && Character.digit(raw.charAt(percent + 1), 16) >= 0
                        && Character.digit(raw.charAt(percent + 2), 16) >= 0) {
                    bytes.write(Integer.parseInt(raw, percent + 1, percent + 3, 16));
                    i = percent + 3;
                } else {
                    bytes.write('%');
                    i = percent + 1;
                }
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
