package io.troupe.coordinator.suites;

import io.troupe.coordinator.config.CoordinatorConfig;
import io.troupe.protocol.suite.InvalidSuiteException;
import io.troupe.protocol.suite.Suite;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Suites brought by users: an uploaded archive, or a task list with its tests and solutions. */
@ApplicationScoped
public class SuiteUploads {
    private final SuiteCatalog catalog;
    private final CoordinatorConfig config;

    public SuiteUploads(SuiteCatalog catalog, CoordinatorConfig config) {
        this.catalog = catalog;
        this.config = config;
    }

    /** Reads at most the size limit of the body, unpacks it, validates the suite and stores it. */
    public Suite upload(InputStream body) {
        long max = config.suiteMaxBytes();
        byte[] bytes;
        try {
            bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > max) {
            throw SuiteCatalog.invalid(List.of("the archive is larger than " + max
                    + " bytes (the limit, troupe.suite-max-bytes)"));
        }
        try {
            return catalog.add(SuiteArchive.read(bytes, max), "uploaded");
        } catch (InvalidSuiteException e) {
            throw SuiteCatalog.invalid(e.problems());
        }
    }

    public Suite importTaskList(TaskListImport.Request request) {
        return catalog.add(TaskListImport.files(request), "imported");
    }
}
