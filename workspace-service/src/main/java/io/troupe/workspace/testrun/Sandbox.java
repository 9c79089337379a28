package io.troupe.workspace.testrun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Where a test command runs. With bubblewrap: no network, uid/gid 65534 in a user namespace of
 * its own, its own pid namespace and session, the system directories and the Python installation
 * read-only, a fresh {@code /tmp}, and only the test run's directory writable. Without: a plain
 * subprocess in that directory.
 */
public final class Sandbox {
    private static final Logger LOG = Logger.getLogger(Sandbox.class);
    /** The unprivileged user and group a sandboxed test runs as ({@code nobody}/{@code nogroup}). */
    public static final int NOBODY = 65534;
    private static final List<String> SYSTEM_DIRS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    private static final List<String> ETC_FILES = List.of("/etc/passwd", "/etc/group", "/etc/hosts",
            "/etc/nsswitch.conf", "/etc/localtime", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
            "/etc/alternatives", "/etc/ssl", "/etc/mime.types");

    private final Optional<Path> bwrap;
    private final List<Path> readOnly;

    private Sandbox(Optional<Path> bwrap, List<Path> readOnly) {
        this.bwrap = bwrap;
        this.readOnly = readOnly;
    }

    /** No isolation: a plain subprocess. */
    public static Sandbox none() {
        return new Sandbox(Optional.empty(), List.of());
    }

    /**
     * The sandbox {@code setting} asks for: {@code bwrap} (fails if bubblewrap is missing),
     * {@code none}, or {@code auto} (bubblewrap where installed, else a plain subprocess and a warning).
     */
    public static Sandbox choose(String setting, Map<String, String> hostEnv) {
        String mode = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        if (mode.equals("none")) {
            LOG.info("test runs are not sandboxed (troupe.workspace.sandbox=none)");
            return none();
        }
        if (!mode.equals("auto") && !mode.equals("bwrap")) {
            throw new IllegalArgumentException("troupe.workspace.sandbox must be auto, bwrap, none or kubernetes, not '"
                    + setting + "'");
        }
        Optional<Path> bwrap = onPath("bwrap", hostEnv.getOrDefault("PATH", "/usr/bin:/bin"));
        if (bwrap.isEmpty()) {
            if (mode.equals("bwrap")) {
                throw new IllegalStateException("troupe.workspace.sandbox=bwrap but bubblewrap is not installed "
                        + "(apt-get install bubblewrap)");
            }
            LOG.warn("bubblewrap (bwrap) is not installed: test commands run as plain subprocesses, with network "
                    + "access and write access to everything this service can write; install it with "
                    + "apt-get install bubblewrap");
            return none();
        }
        List<Path> python = pythonInstall(hostEnv);
        LOG.infof("test runs are sandboxed with %s; read-only Python installation: %s", bwrap.get(), python);
        return new Sandbox(bwrap, python);
    }

    public boolean isolated() {
        return bwrap.isPresent();
    }

    /**
     * The command that runs {@code args} in {@code work}, only {@code writable} (which contains
     * {@code work}) writable, with {@code env}.
     */
    public List<String> command(List<String> args, Path writable, Path work, Map<String, String> env) {
        if (bwrap.isEmpty()) {
            return args;
        }
        List<String> command = new ArrayList<>(List.of(bwrap.get().toString(), "--unshare-all", "--die-with-parent",
                "--new-session", "--uid", String.valueOf(NOBODY), "--gid", String.valueOf(NOBODY),
                "--ro-bind", "/usr", "/usr"));
        for (String dir : SYSTEM_DIRS) {
            Path path = Path.of(dir);
            if (Files.isSymbolicLink(path)) {
                try {
                    command.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), dir));
                } catch (IOException e) {
                    LOG.warnf("cannot read the link %s: %s", dir, e.getMessage());
                }
            } else if (Files.isDirectory(path)) {
                command.addAll(List.of("--ro-bind", dir, dir));
            }
        }
        for (String file : ETC_FILES) {
            command.addAll(List.of("--ro-bind-try", file, file));
        }
        for (Path dir : readOnly) {
            command.addAll(List.of("--ro-bind", dir.toString(), dir.toString()));
        }
        command.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                "--bind", writable.toString(), writable.toString(), "--chdir", work.toString()));
        for (var variable : sandboxEnvironment(env).entrySet()) {
            command.addAll(List.of("--setenv", variable.getKey(), variable.getValue()));
        }
        command.add("--");
        command.addAll(args);
        return command;
    }

    /** The environment inside: {@code env} with the Python installation first on PATH and HOME in /tmp. */
    Map<String, String> sandboxEnvironment(Map<String, String> env) {
        Map<String, String> inside = new TreeMap<>(env);
        Set<String> path = new LinkedHashSet<>();
        readOnly.forEach(dir -> path.add(dir.resolve("bin").toString()));
        path.addAll(List.of("/usr/local/bin", "/usr/bin", "/bin"));
        inside.put("PATH", String.join(":", path));
        inside.put("HOME", "/tmp");
        return inside;
    }

    /**
     * True if {@code program} can be started in the sandbox; a missing program is reported as a
     * result (exit code 127) rather than as bubblewrap's own failure.
     */
    public boolean canStart(String program, Map<String, String> env) {
        if (bwrap.isEmpty() || program.contains("/")) {
            return bwrap.isEmpty() || Files.isExecutable(Path.of(program));
        }
        return onPath(program, sandboxEnvironment(env).get("PATH")).isPresent();
    }

    static Optional<Path> onPath(String program, String path) {
        return Stream.of(path.split(":")).filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable).findFirst();
    }

    /**
     * The directories of the Python installation {@code python3} runs from (pyenv keeps it outside
     * /usr): its prefix, base prefix and the real directory of its executable, unless under /usr.
     */
    private static List<Path> pythonInstall(Map<String, String> hostEnv) {
        Optional<Path> python = onPath("python3", hostEnv.getOrDefault("PATH", "/usr/bin:/bin"));
        if (python.isEmpty()) {
            return List.of();
        }
        try {
            var builder = new ProcessBuilder(python.get().toString(), "-c",
                    "import os, sys; print(sys.prefix); print(sys.base_prefix); "
                            + "print(os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))))")
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(ProcessRunner.scrubbedEnvironment(hostEnv));
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                LOG.warnf("cannot ask python3 for its installation: %s", out.trim());
                return List.of();
            }
            Set<Path> dirs = new LinkedHashSet<>();
            for (String line : out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList()) {
                Path dir = Path.of(line).toRealPath();
                if (!dir.startsWith("/usr") && !dir.equals(Path.of("/")) && Files.isDirectory(dir)) {
                    dirs.add(dir);
                }
            }
            // A venv's prefix inside a base installation needs only the outer one bound.
            return dirs.stream().filter(d -> dirs.stream().noneMatch(o -> !o.equals(d) && d.startsWith(o))).toList();
        } catch (IOException e) {
            LOG.warnf("cannot ask python3 for its installation: %s", e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
