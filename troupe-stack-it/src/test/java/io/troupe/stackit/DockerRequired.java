package io.troupe.stackit;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a test class only where a Docker daemon answers. Without one the class is skipped with a
 * banner on standard error (never silently), unless {@code CI=true} or
 * {@code TROUPE_REQUIRE_DOCKER=1}: then the missing daemon is a failure.
 */
public final class DockerRequired implements ExecutionCondition {
    private static final Path SOCKET = Path.of("/var/run/docker.sock");
    /** Testcontainers 2.0.2+ asks for API 1.44 by default; Debian 12's Docker 20.10 speaks up to 1.41. */
    private static final double TESTCONTAINERS_DEFAULT_API = 1.44;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        matchApiVersion();
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return ConditionEvaluationResult.enabled("a Docker daemon answers");
        }
        String why = "no Docker daemon answers (start one: dockerd --storage-driver=vfs &, or run .ci/run); "
                + "the whole-stack container tests of troupe-stack-it cannot run";
        if (required()) {
            throw new IllegalStateException(why + " and CI=true or TROUPE_REQUIRE_DOCKER=1 requires them");
        }
        System.err.println("""

                ************************************************************************
                SKIPPED: %s
                (set TROUPE_REQUIRE_DOCKER=1 to make this a failure)
                ************************************************************************
                """.formatted(why));
        return ConditionEvaluationResult.disabled("SKIPPED, " + why);
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI")) || "1".equals(System.getenv("TROUPE_REQUIRE_DOCKER"));
    }

    /**
     * Lowers the API version docker-java asks for to what the daemon speaks when that is below
     * Testcontainers' default (an older daemon refuses newer clients). Asked on the local socket,
     * before Testcontainers first talks to the daemon; {@code api.version} set by the user wins.
     */
    private static synchronized void matchApiVersion() {
        if (System.getProperty("api.version") != null || System.getenv("DOCKER_HOST") != null) {
            return;
        }
        daemonApiVersion().filter(v -> Double.parseDouble(v) < TESTCONTAINERS_DEFAULT_API)
                .ifPresent(v -> System.setProperty("api.version", v));
    }

    static Optional<String> daemonApiVersion() {
        if (!Files.exists(SOCKET)) {
            return Optional.empty();
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(SOCKET));
            channel.write(ByteBuffer.wrap("GET /version HTTP/1.0\r\nHost: docker\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
            InputStream in = Channels.newInputStream(channel);
            // A /version answer is well under 64 KiB.
            String response = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("\"ApiVersion\"\\s*:\\s*\"(\\d+\\.\\d+)\"").matcher(response);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
