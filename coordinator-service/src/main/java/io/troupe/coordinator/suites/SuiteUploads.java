package io.troupe.coordinator.suites;

import io.troupe.coordinator.config.CoordinatorConfig;
import io.troupe.protocol.suite.InvalidSuiteException;
import io.troupe.protocol.suite.Suite;
import io.troupe.protocol.suite.SuiteLoader;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Suites brought by users: an uploaded archive, a task list with its tests and solutions, or an archive of a
 * directory of task lists laid out as the paper's.
 */
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
        try {
            Map<String, String> files = SuiteArchive.read(bytes(body), max);
            if (PaperTaskLists.looksLikeTaskLists(files)) {
                throw new InvalidSuiteException(List.of("there is no " + SuiteLoader.MANIFEST + " at the suite's root "
                        + "but there are task lists (*.json): import a directory of task lists with POST "
                        + "/api/suites/task-lists or `troupe suites import DIR`"));
            }
            return catalog.add(files, "uploaded");
        } catch (InvalidSuiteException e) {
            throw SuiteCatalog.invalid(e.problems());
        }
    }

    /**
     * Reads an archive of a directory laid out as the paper's and adds one suite per task list, all or
     * none (see {@link PaperTaskLists}).
     *
     * @param prefix the suites' id prefix; null for the archive's top-level directory
     */
    public List<Suite> importTaskLists(InputStream body, String prefix) {
        long max = config.suiteMaxBytes();
        try {
            return catalog.addAll(PaperTaskLists.suites(SuiteArchive.files(bytes(body), max), prefix), "imported");
        } catch (InvalidSuiteException e) {
            throw SuiteCatalog.invalid(e.problems());
        }
    }

    public Suite importTaskList(TaskListImport.Request request) {
        return catalog.add(TaskListImport.files(request), "imported");
    }

    // At most the size limit and one byte, so that a larger body is told apart without reading it all.
    private byte[] bytes(InputStream body) {
        long max = config.suiteMaxBytes();
        byte[] bytes;
        try {
            bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > max) {
            throw new InvalidSuiteException(List.of("the archive is larger than " + max
                    + " bytes (the limit, troupe.suite-max-bytes)"));
        }
        return bytes;
    }
}
