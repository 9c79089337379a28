package io.troupe.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the helm binary that scripts/install-helm.sh installs (or TROUPE_HELM, or helm on PATH). */
final class Helm {
    static final Path ROOT = locateRoot();
    static final Path CHART = ROOT.resolve("helm/troupe");

    private Helm() {
    }

    record Result(int exitCode, String output) {
    }

    static Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("helm", ".out");
            Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("helm " + String.join(" ", args) + " did not finish in 2 minutes");
            }
            String output = Files.readString(out);
            Files.delete(out);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run helm: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String binary() {
        return Optional.ofNullable(System.getenv("TROUPE_HELM"))
                .or(() -> Optional.of(ROOT.resolve(".troupe/tools/helm/helm")).filter(Files::isExecutable)
                        .map(Path::toString))
                .or(() -> onPath("helm"))
                .orElseThrow(() -> new IllegalStateException(
                        "helm is not installed: run scripts/install-helm.sh (./troupe test does it for you)"));
    }

    private static Optional<String> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    private static Path locateRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("helm/troupe"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find helm/troupe above " + Path.of("").toAbsolutePath());
    }
}
