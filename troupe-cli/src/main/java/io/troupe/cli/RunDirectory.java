package io.troupe.cli;

import io.troupe.devstack.TroupeHome;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where a command keeps its logs and data: {@code .troupe/runs/<timestamp>} in the checkout. */
final class RunDirectory {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunDirectory() {
    }

    static Path resolve(Path requested, String command) {
        if (requested != null) {
            return requested.toAbsolutePath();
        }
        return TroupeHome.locate().resolve(".troupe/runs").resolve(command + "-" + LocalDateTime.now().format(STAMP));
    }
}
