package io.troupe.workspace.testrun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Kills what a test command started: its process group, when it leads one (a subprocess under
 * {@code setsid}, or a child of the pytest fork server), and every descendant Java can see. The
 * group catches the children that were re-parented when their parent died; the descendants catch
 * those that left the group. Shared by {@link ProcessRunner} and {@link PytestForkServer}.
 */
final class ProcessTrees {
    private static final Logger LOG = Logger.getLogger(ProcessTrees.class);
    private static final Optional<Path> KILL = Stream.of("/usr/bin/kill", "/bin/kill").map(Path::of)
            .filter(Files::isExecutable).findFirst();

    private ProcessTrees() {
    }

    /**
     * Sends SIGKILL to {@code root}, its descendants and, if {@code leadsGroup}, the process group
     * whose id is its pid; waits up to 5 s for the descendants to exit.
     */
    static void kill(ProcessHandle root, boolean leadsGroup) {
        // Children are found by their parent pid, which an exited root's children no longer have
        // (they were re-parented when it exited): then the scan of every process (a read of /proc per
        // process on the host, tens of ms on a busy one) would find nothing, and is skipped.
        List<ProcessHandle> descendants = root.isAlive() ? root.descendants().toList() : List.of();
        if (leadsGroup) {
            killGroup(root.pid());
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle handle : descendants) {
            while (!dead(handle)) {
                if (System.nanoTime() - deadline > 0) {
                    LOG.warnf("process %d of a test run did not exit after SIGKILL", handle.pid());
                    break;
                }
                try {
                    handle.onExit().get(20, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // look again: it may be a zombie by now
                } catch (ExecutionException e) {
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Exited, or a zombie: a killed orphan waits as a zombie until init reaps it, which in some
     * containers takes long or never happens; it runs no code anymore either way.
     */
    private static boolean dead(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(handle.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return !handle.isAlive();
        }
    }

    /** {@code kill -KILL -- -pgid}: Java has no call for a process group. */
    static void killGroup(long pgid) {
        if (KILL.isEmpty()) {
            return;
        }
        try {
            new ProcessBuilder(KILL.get().toString(), "-KILL", "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warnf("could not kill process group %d: %s", pgid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
