package io.troupe.workspace.testrun;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import io.troupe.workspace.TestRunEnd;
import io.troupe.workspace.TestRunResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox escape suite: each probe is a test command a hostile model could have written,
 * run through the real test-run path (REST, snapshot, bubblewrap), and each must be contained,
 * with a result that says how it ended. It needs bubblewrap: on a host without it this fails,
 * unless {@code TROUPE_SANDBOX_UNAVAILABLE} says that host cannot have it (then it is skipped, and
 * says so).
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
class SandboxEscapeIT {
    @TempDir
    Path scratch;

    @BeforeEach
    void theServiceRunsTestsInBubblewrap() {
        String sandbox = given().get("/q/health/ready").then().extract().path(
                "checks.find { it.name == 'test-sandbox' }.data.sandbox");
        if (!"bwrap".equals(sandbox) && System.getenv("TROUPE_SANDBOX_UNAVAILABLE") != null) {
            Assumptions.abort("TROUPE_SANDBOX_UNAVAILABLE is set: this host cannot run bubblewrap, so the sandbox "
                    + "escape suite does not run here (sandbox: " + sandbox + ")");
        }
        assertThat(sandbox).as("the escape suite needs bubblewrap (apt-get install bubblewrap); set "
                + "TROUPE_SANDBOX_UNAVAILABLE=1 only on a host that cannot have it").isEqualTo("bwrap");
    }

    @Test
    void itRunsAsNobodyWithoutCapabilitiesAndSeesOnlyItsOwnProcesses() {
        // When
        TestRunResult result = probe("""
                import os
                status = open("/proc/self/status").read()
                print("uid=%d gid=%d" % (os.getuid(), os.getgid()))
                print([l for l in status.splitlines() if l.startswith(("CapEff", "CapPrm", "NoNewPrivs"))])
                print("pids=%d" % len([p for p in os.listdir("/proc") if p.isdigit()]))
                """);

        // Then
        assertThat(result.output()).contains("uid=65534 gid=65534", "CapEff:\\t0000000000000000",
                "CapPrm:\\t0000000000000000", "NoNewPrivs:\\t1");
        int pids = Integer.parseInt(result.output().replaceAll("(?s).*pids=(\\d+).*", "$1"));
        assertThat(pids).as("processes visible in the sandbox's /proc").isLessThan(10);
        assertThat(result.end()).isEqualTo(TestRunEnd.EXITED);
        assertThat(result.sandbox()).isEqualTo("bwrap");
    }

    @Test
    void readingTheShadowFileFails() throws IOException {
        // Given: what the service's own user can read there
        String firstLine = Files.readAllLines(Path.of("/etc/shadow")).getFirst();

        // When
        TestRunResult result = probe("""
                try:
                    print("READ", open("/etc/shadow").read())
                except OSError as e:
                    print("DENIED", e)
                """);

        // Then
        assertThat(result.output()).contains("DENIED").doesNotContain(firstLine);
    }

    @Test
    void anotherProcessesEnvironmentCannotBeRead() throws Exception {
        // Given: a process of the service's side holding a secret in its environment
        String secret = "troupe-secret-" + UUID.randomUUID();
        var builder = new ProcessBuilder("sleep", "120");
        builder.environment().put("TROUPE_PROBE_SECRET", secret);
        Process holder = builder.start();
        try {
            // When
            TestRunResult result = probe("""
                    import os
                    try:
                        print("READ", open("/proc/%d/environ").read())
                    except OSError as e:
                        print("DENIED", e)
                    for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
                        try:
                            print(pid, open("/proc/%%s/environ" %% pid, "rb").read())
                        except OSError as e:
                            print(pid, "DENIED", e)
                    """.formatted(holder.pid()));

            // Then
            assertThat(result.output()).contains("DENIED").doesNotContain(secret);
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void writingOutsideItsDirectoryFails() throws IOException {
        // Given: the service's data directory, and a directory anyone may write to
        Path data = Path.of(ConfigProvider.getConfig().getValue("troupe.data-dir", String.class)).toAbsolutePath();
        Files.createDirectories(data);
        Path open = Files.createDirectory(scratch.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<Path> targets = List.of(data.resolve("escape-" + UUID.randomUUID()),
                open.resolve("escape-" + UUID.randomUUID()), Path.of("/usr/escape-" + UUID.randomUUID()));

        // When
        TestRunResult result = probe("""
                for path in %s:
                    try:
                        with open(path, "w") as f:
                            f.write("escaped")
                        print("WROTE", path)
                    except OSError as e:
                        print("DENIED", path, e)
                """.formatted(targets.stream().map(p -> "\"" + p + "\"").toList()));

        // Then
        assertThat(result.output()).doesNotContain("WROTE");
        assertThat(targets).allSatisfy(target -> assertThat(target).doesNotExist());
    }

    @Test
    void noConnectionLeavesTheSandbox() throws IOException {
        // Given: a socket listening on loopback and on this host's other addresses
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(0));
            listener.configureBlocking(false);
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            List<String> hosts = new java.util.ArrayList<>(List.of("127.0.0.1"));
            Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
                    .map(InetAddress::getHostAddress).forEach(hosts::add);

            // When: it connects to those, to an outside address, and resolves a name
            TestRunResult result = probe("""
                    import socket
                    for host, port in [(h, %d) for h in %s] + [("1.1.1.1", 443), ("8.8.8.8", 53)]:
                        try:
                            socket.create_connection((host, port), timeout=3).close()
                            print("CONNECTED", host, port)
                        except OSError as e:
                            print("UNREACHABLE", host, port, e)
                    try:
                        print("RESOLVED", socket.gethostbyname("example.com"))
                    except OSError as e:
                        print("NO-DNS", e)
                    """.formatted(port, hosts.stream().map(h -> "\"" + h + "\"").toList()));

            // Then
            assertThat(result.output()).doesNotContain("CONNECTED").doesNotContain("RESOLVED")
                    .contains("UNREACHABLE 1.1.1.1 443", "NO-DNS");
            assertThat(listener.accept()).as("a connection from the sandbox reached this host").isNull();
        }
    }

    @Test
    void aForkBombIsBoundedAndItsProcessesEndWithTheRun() {
        // Given
        String marker = "fork-bomb-" + UUID.randomUUID();
        int limit = ConfigProvider.getConfig().getOptionalValue("troupe.workspace.limits.processes", Integer.class)
                .orElse(256);

        // When: it forks children that stay until forking fails
        TestRunResult result = probe(marker, """
                import os, time
                n = 0
                try:
                    while n < 100000:
                        if os.fork() == 0:
                            time.sleep(120)
                            os._exit(0)
                        n += 1
                except OSError as e:
                    print("FORK-REFUSED after", n, e)
                """);

        // Then: forking was refused at the process limit, and none of its children is left
        assertThat(result.output()).contains("FORK-REFUSED");
        int forked = Integer.parseInt(result.output().replaceAll("(?s).*FORK-REFUSED after (\\d+).*", "$1"));
        assertThat(forked).isLessThan(limit);
        assertThat(result.end()).isEqualTo(TestRunEnd.EXITED);
        assertThat(PytestTestRuns.processesMarked(marker)).as("processes of the fork bomb left").isEmpty();
    }

    @Test
    void aChildThatDetachesDoesNotOutliveTheRun() {
        // Given
        String marker = "daemon-" + UUID.randomUUID();

        // When: it leaves a double-forked child in a session of its own and exits at once
        TestRunResult result = probe(marker, """
                import os, sys
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(300)", sys.argv[1]])
                    os._exit(0)
                print("DETACHED")
                """);

        // Then: the result is there, and the child is gone already
        assertThat(result.output()).contains("DETACHED");
        assertThat(result.end()).isEqualTo(TestRunEnd.EXITED);
        assertThat(PytestTestRuns.processesMarked(marker)).as("a process of the run outlived it").isEmpty();
    }

    @Test
    void allocatingFourGibibytesFails() {
        // When
        TestRunResult result = probe("""
                hog = bytearray(4 << 30)
                print("ALLOCATED", len(hog))
                """);

        // Then
        assertThat(result.output()).contains("MemoryError").doesNotContain("ALLOCATED");
        assertThat(result.end()).isEqualTo(TestRunEnd.EXITED);
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void anEndlessLoopIsStoppedAtTheTimeLimit() {
        // Given
        String marker = "loop-" + UUID.randomUUID();
        long limit = ConfigProvider.getConfig().getValue("troupe.workspace.test-timeout", java.time.Duration.class)
                .toMillis();

        // When
        TestRunResult result = probe(marker, "while True:\n    pass\n");

        // Then
        assertThat(result.end()).isIn(TestRunEnd.TIME_LIMIT, TestRunEnd.CPU_LIMIT);
        assertThat(result.errors() + result.failed()).isEqualTo(1);
        assertThat(result.durationMillis()).isLessThan(limit + 10_000);
        assertThat(PytestTestRuns.processesMarked(marker)).isEmpty();
    }

    private static TestRunResult probe(String source) {
        return probe("probe-" + UUID.randomUUID(), source);
    }

    /** Runs {@code source} as the test command {@code python3 probe.py <marker>} of a new workspace. */
    private static TestRunResult probe(String marker, String source) {
        String run = PytestTestRuns.workspace("python3 probe.py " + marker);
        PytestTestRuns.write(run, "probe.py", source);
        TestRunResult result = PytestTestRuns.testRun(run, null);
        assertThat(result.sandbox()).isEqualTo("bwrap");
        return result;
    }
}
