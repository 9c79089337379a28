package io.troupe.workspace;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.troupe.support.store.LocalDatabase;

/** Starts the embedded PostgreSQL unless a server is configured (see LocalDatabase), then the service. */
@QuarkusMain
public final class WorkspaceMain {
    private WorkspaceMain() {
    }

    public static void main(String... args) {
        LocalDatabase.configure("workspace-service");
        Quarkus.run(args);
    }
}
