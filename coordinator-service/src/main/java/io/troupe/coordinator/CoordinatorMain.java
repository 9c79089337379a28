package io.troupe.coordinator;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.troupe.support.store.LocalDatabase;

/** Starts the embedded PostgreSQL unless a server is configured (see LocalDatabase), then the service. */
@QuarkusMain
public final class CoordinatorMain {
    private CoordinatorMain() {
    }

    public static void main(String... args) {
        LocalDatabase.configure("coordinator-service");
        Quarkus.run(args);
    }
}
