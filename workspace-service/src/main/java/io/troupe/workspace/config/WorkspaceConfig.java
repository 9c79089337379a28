package io.troupe.workspace.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Everything the workspace service can be told. */
@ConfigMapping(prefix = "troupe")
public interface WorkspaceConfig {

    /** Directory of the embedded H2 database when PostgreSQL is not used. */
    @WithDefault(".troupe/data")
    String dataDir();

    /** Pid of the launcher; the service stops when it is gone (see ParentWatch). */
    Optional<Long> parentPid();

    Files workspace();

    interface Files {
        /** Largest content one write may carry, in UTF-8 bytes; larger writes get 413. */
        @WithDefault("1048576")
        int maxFileBytes();

        /** Live files one run may have; a write that would add one more gets 409. */
        @WithDefault("1000")
        int maxFiles();

        /** Two agents writing one path within this window are recorded as a concurrent write. */
        @WithDefault("2s")
        Duration concurrentWindow();

        /**
         * How test commands are isolated: {@code bwrap} (bubblewrap, required), {@code none} (a plain
         * subprocess), or {@code auto} (bubblewrap where it is installed, else a plain subprocess and a warning).
         */
        @WithDefault("auto")
        String sandbox();

        /** Test command of a workspace created without one. */
        @WithDefault("python3 -m pytest -q")
        String defaultTestCommand();

        /** Time limit of one test run; at the limit the whole process tree is killed. */
        @WithDefault("120s")
        Duration testTimeout();

        /** How much of a test run's output is kept (its tail), in bytes. */
        @WithDefault("65536")
        int testOutputBytes();

        /**
         * Whether pytest loads every plugin installed on this host (its entry points). Off by default:
         * a suite's tests then do not depend on what happens to be installed, and a test run costs a
         * quarter of the CPU (loading installed plugins took ~0.8 s per run here). A suite that needs a
         * plugin names it in its test command ({@code python3 -m pytest -p xdist}).
         */
        @WithDefault("false")
        boolean pytestPluginAutoload();

        /** Test runs executed at once; further requests wait for a slot. */
        @WithDefault("2")
        int maxConcurrentTestRuns();
    }
}
