package io.troupe.workspace.testrun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Where a local test command runs. With bubblewrap: no network, no other process visible (a pid
 * namespace of its own with its own {@code /proc}; killing its init ends every process in it), a
 * session of its own, the system directories and the Python installation read-only, a fresh
 * {@code /tmp}, only the test run's directory writable, uid/gid 65534, and rlimits on processes,
 * address space, CPU time and file size. Without ({@link #trusted()}): a plain subprocess.
 *
 * <p>Two ways to reach uid 65534, because of how the kernel counts processes: bubblewrap started
 * by root without a user namespace mounts what it needs (also a Python under root's 0700 home),
 * then {@code setpriv} drops to uid/gid 65534 of the host with no capabilities. A sandbox whose
 * processes kept host uid 0 (what bubblewrap's user namespace gives when started by root) would
 * not be bound by {@code RLIMIT_NPROC} at all (measured: 105 processes under a limit of 20).
 * Started by another user, bubblewrap makes a user namespace and maps 65534 to that user.
 */
public final class Sandbox {
    private static final Logger LOG = Logger.getLogger(Sandbox.class);
    /** The unprivileged user and group a sandboxed test runs as ({@code nobody}/{@code nogroup}). */
    public static final int NOBODY = 65534;
    private static final List<String> SYSTEM_DIRS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    private static final List<String> ETC_FILES = List.of("/etc/passwd", "/etc/group", "/etc/hosts",
            "/etc/nsswitch.conf", "/etc/localtime", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
            "/etc/alternatives", "/etc/ssl", "/etc/mime.types");
    /** Directories the command above mounts itself: not to be made again as plain mount points. */
    private static final List<Path> MOUNTED = Stream.of("/usr", "/proc", "/dev", "/tmp").map(Path::of).toList();
    private static final String HOST_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Limits of every process of a sandboxed test run (rlimits, set by {@code prlimit} before the command). */
    public record Limits(int processes, long addressSpaceBytes, Duration cpuTime, long fileBytes) {
        public Limits {
            if (processes < 1 || addressSpaceBytes < (1 << 20) || cpuTime.toSeconds() < 1 || fileBytes < 1) {
                throw new IllegalArgumentException("sandbox limits out of range: " + processes + " processes, "
                        + addressSpaceBytes + " bytes of address space, " + cpuTime + " of CPU, " + fileBytes
                        + " bytes per file");
            }
        }
    }

    private final String name;
    private final Optional<Path> bwrap;
    private final Optional<Path> setpriv;
    private final Path prlimit;
    private final List<Path> readOnly;
    private final Limits limits;

    private Sandbox(String name, Optional<Path> bwrap, Optional<Path> setpriv, Path prlimit, List<Path> readOnly,
                    Limits limits) {
        this.name = name;
        this.bwrap = bwrap;
        this.setpriv = setpriv;
        this.prlimit = prlimit;
        this.readOnly = readOnly;
        this.limits = limits;
    }

    /** No isolation: a plain subprocess of the service's user, for code the operator trusts. */
    public static Sandbox trusted() {
        return new Sandbox(SandboxKind.TRUSTED.code(), Optional.empty(), Optional.empty(), null, List.of(), null);
    }

    /**
     * Bubblewrap with {@code limits}, if it and util-linux's {@code prlimit} (and, when this process
     * is root, {@code setpriv}) are installed; else why not, as an instruction to the operator.
     */
    public static Found bubblewrap(Map<String, String> hostEnv, Limits limits) {
        String path = hostEnv.getOrDefault("PATH", HOST_PATH);
        Optional<Path> bwrap = onPath("bwrap", path);
        if (bwrap.isEmpty()) {
            return new Found.Missing("bubblewrap (bwrap) is not installed on this host: install it "
                    + "(apt-get install bubblewrap, dnf install bubblewrap, apk add bubblewrap), or choose another "
                    + "sandbox with troupe.workspace.sandbox=kubernetes");
        }
        Optional<Path> prlimit = onPath("prlimit", path);
        boolean root = isRoot();
        Optional<Path> setpriv = root ? onPath("setpriv", path) : Optional.empty();
        if (prlimit.isEmpty() || (root && setpriv.isEmpty())) {
            return new Found.Missing("the sandbox needs prlimit" + (root ? " and setpriv" : "")
                    + " from util-linux to set its limits" + (root ? " and drop root" : "")
                    + ": install them (apt-get install util-linux)");
        }
        List<Path> python = pythonInstall(hostEnv);
        LOG.infof("test runs are sandboxed with %s (%s), as uid %d, limits %s; read-only Python installation: %s",
                bwrap.get(), root ? "started as root, setpriv to nobody" : "user namespace", NOBODY, limits, python);
        return new Found.Available(new Sandbox(SandboxKind.BWRAP.code(), bwrap, setpriv, prlimit.get(), python,
                limits));
    }

    /** The outcome of looking for bubblewrap. */
    public sealed interface Found {
        record Available(Sandbox sandbox) implements Found {
        }

        /** {@code remedy}: what the operator can do about it. */
        record Missing(String remedy) implements Found {
        }
    }

    /** What results and health call this sandbox: {@code bwrap} or {@code trusted}. */
    public String name() {
        return name;
    }

    public boolean isolated() {
        return bwrap.isPresent();
    }

    /**
     * Whether the snapshot may hard-link the service's per-version files: only if the code under
     * test cannot change them, that is when it runs as another host user than the files' owner
     * (bubblewrap started by root), or when it is trusted code.
     */
    public boolean mayLinkFiles() {
        return bwrap.isEmpty() || setpriv.isPresent();
    }

    /**
     * Makes {@code dir} (a directory this service created) writable for the code under test: when it
     * runs as the host's nobody, the directory becomes nobody's.
     */
    public void grantWrite(Path dir) throws IOException {
        if (setpriv.isPresent()) {
            Files.setAttribute(dir, "unix:uid", NOBODY);
            Files.setAttribute(dir, "unix:gid", NOBODY);
        }
    }

    /**
     * The command that runs {@code args} in {@code work}, only {@code writable} (which contains
     * {@code work}) writable, with {@code env}.
     */
    public List<String> command(List<String> args, Path writable, Path work, Map<String, String> env) {
        if (bwrap.isEmpty()) {
            return args;
        }
        List<String> command = new ArrayList<>(List.of(bwrap.get().toString()));
        if (setpriv.isPresent()) {
            // Started by root: namespaces without a user namespace, and only the capabilities setpriv
            // needs to become nobody (bubblewrap drops every other one and sets no_new_privs).
            command.addAll(List.of("--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                    "--unshare-cgroup-try", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"));
        } else {
            command.addAll(List.of("--unshare-all", "--uid", String.valueOf(NOBODY), "--gid", String.valueOf(NOBODY)));
        }
        command.addAll(List.of("--die-with-parent", "--new-session", "--ro-bind", "/usr", "/usr"));
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
        command.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--perms", "01777", "--tmpfs", "/tmp"));
        // Mount points are made by root with mode 0700 otherwise, which nobody could not pass.
        Set<Path> parents = new LinkedHashSet<>();
        Stream.concat(readOnly.stream(), Stream.of(writable)).forEach(dir -> {
            for (Path p = dir.getParent(); p != null && p.getParent() != null; p = p.getParent()) {
                parents.add(p);
            }
        });
        parents.removeAll(MOUNTED);
        parents.stream().sorted().forEach(p -> command.addAll(List.of("--perms", "0755", "--dir", p.toString())));
        for (Path dir : readOnly) {
            command.addAll(List.of("--ro-bind", dir.toString(), dir.toString()));
        }
        command.addAll(List.of("--bind", writable.toString(), writable.toString(), "--chdir", work.toString()));
        for (var variable : sandboxEnvironment(env).entrySet()) {
            command.addAll(List.of("--setenv", variable.getKey(), variable.getValue()));
        }
        command.add("--");
        setpriv.ifPresent(program -> command.addAll(List.of(program.toString(), "--reuid", String.valueOf(NOBODY),
                "--regid", String.valueOf(NOBODY), "--clear-groups", "--inh-caps=-all", "--bounding-set=-all",
                "--no-new-privs", "--")));
        command.addAll(List.of(prlimit.toString(), "--nproc=" + limits.processes(),
                "--as=" + limits.addressSpaceBytes(), "--cpu=" + limits.cpuTime().toSeconds(),
                "--fsize=" + limits.fileBytes(), "--core=0", "--"));
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

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
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
