package io.troupe.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * PostgreSQL's own {@code pgbench -N} (the TPC-B-like script without the branch and teller updates: one account
 * update, one select, one history insert per transaction) against a scratch database of its own on a given server:
 * the server's rate for small write transactions, to put the workspace's write rate next to.
 */
final class PgBench {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
    static final String DATABASE = "troupe_pgbench";

    private final Path bin;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private PgBench(Path bin, String host, int port, String user, String password) {
        this.bin = bin;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** pgbench and createdb from PostgreSQL's newest Debian install, else from PATH; empty if neither has them. */
    static Optional<PgBench> find(String host, int port, String user, String password) {
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.sorted(Comparator.reverseOrder()).forEach(v -> candidates.add(v.resolve("bin")));
        } catch (IOException | RuntimeException e) {
            // no Debian install
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir));
            }
        }
        return candidates.stream().filter(d -> Files.isExecutable(d.resolve("pgbench"))
                && Files.isExecutable(d.resolve("createdb"))).findFirst()
                .map(d -> new PgBench(d, host, port, user, password));
    }

    Path binary() {
        return bin.resolve("pgbench");
    }

    /** Creates the scratch database (if missing) and fills it at scale 1 (100,000 accounts). */
    void initialise() {
        run(List.of(bin.resolve("createdb").toString(), "-h", host, "-p", String.valueOf(port), "-U", user, DATABASE),
                120, true);
        run(List.of(binary().toString(), "-i", "-q", "-s", "1", "-h", host, "-p", String.valueOf(port), "-U", user,
                DATABASE), 300, false);
    }

    /** {@code pgbench -N} with {@code clients} clients for {@code seconds}: transactions per second. */
    double tps(int clients, int seconds) {
        String output = run(List.of(binary().toString(), "-N", "-n", "-c", String.valueOf(clients), "-j",
                String.valueOf(Math.min(clients, Runtime.getRuntime().availableProcessors())), "-T",
                String.valueOf(seconds), "-h", host, "-p", String.valueOf(port), "-U", user, DATABASE),
                seconds + 120L, false);
        return parseTps(output);
    }

    /** The rate pgbench reports ({@code tps = 3885.1 (without initial connection time)}). */
    static double parseTps(String output) {
        Matcher m = TPS.matcher(output);
        if (!m.find()) {
            throw new TroupeClient.ClientException("pgbench printed no rate: " + output.strip());
        }
        return Double.parseDouble(m.group(1));
    }

    private String run(List<String> command, long timeoutSeconds, boolean mayFail) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PGPASSWORD", password);
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new TroupeClient.ClientException(command.getFirst() + " did not finish in " + timeoutSeconds
                        + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0 && !mayFail) {
                throw new TroupeClient.ClientException(String.format(Locale.ROOT, "%s exited with %d: %s",
                        String.join(" ", command), process.exitValue(), text.strip()));
            }
            return text;
        } catch (IOException e) {
            throw new TroupeClient.ClientException("cannot run " + command.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TroupeClient.ClientException("interrupted while running " + command.getFirst());
        }
    }
}
