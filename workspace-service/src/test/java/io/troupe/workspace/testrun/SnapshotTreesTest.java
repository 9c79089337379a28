package io.troupe.workspace.testrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.troupe.support.problem.ProblemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test-run trees of hard links: consistent snapshots, content fetched once per version, nothing left behind. */
class SnapshotTreesTest {
    @TempDir
    Path parent;

    private SnapshotTrees trees;

    @AfterEach
    void close() {
        if (trees != null) {
            trees.close();
        }
    }

    @Test
    void aTreeKeepsItsVersionWhileANewerOneIsTested() throws IOException {
        // Given: a tree of version 1
        trees = SnapshotTrees.under(parent);
        Path first = trees.create(snapshot(new Snapshot.Entry("src/a.py", "1", () -> "A = 1\n")), true, dir -> {
        });

        // When: version 2 of the file is tested
        Path second = trees.create(snapshot(new Snapshot.Entry("src/a.py", "2", () -> "A = 2\n")), true, dir -> {
        });

        // Then
        assertThat(first.resolve("work/src/a.py")).hasContent("A = 1");
        assertThat(second.resolve("work/src/a.py")).hasContent("A = 2");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(second.resolve("work/src/a.py")))).isEqualTo("r--r--r--");
    }

    @Test
    void aVersionsContentIsFetchedOnceAndDeletingATreeKeepsIt() throws IOException {
        // Given
        trees = SnapshotTrees.under(parent);
        AtomicInteger fetched = new AtomicInteger();
        Snapshot.Entry entry = new Snapshot.Entry("a.txt", "7", () -> {
            fetched.incrementAndGet();
            return "seven";
        });

        // When: two trees of the same version, the first deleted before the second is made
        LocalTestRunner.deleteQuietly(trees.create(snapshot(entry), true, dir -> {
        }));
        Path again = trees.create(snapshot(entry), true, dir -> {
        });

        // Then
        assertThat(fetched).hasValue(1);
        assertThat(again.resolve("work/a.txt")).hasContent("seven");
    }

    @Test
    void aPathThatIsBothAFileAndADirectoryIsRefusedAndLeavesNoTree() throws IOException {
        // Given
        trees = SnapshotTrees.under(parent);

        // When / Then
        assertThatThrownBy(() -> trees.create(snapshot(new Snapshot.Entry("calc", "1", () -> "x"),
                new Snapshot.Entry("calc/ops.py", "1", () -> "y")), true, dir -> {
                }))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(422));
        try (Stream<Path> runs = Files.list(trees.base().resolve("runs"))) {
            assertThat(runs).isEmpty();
        }
    }

    @Test
    void closingDeletesOnlyItsOwnDirectory() throws IOException {
        // Given
        Path mine = Files.writeString(parent.resolve("keep.txt"), "not the trees'");
        trees = SnapshotTrees.under(parent);
        trees.create(snapshot(new Snapshot.Entry("a", "1", () -> "a")), true, dir -> {
        });

        // When
        trees.close();

        // Then
        assertThat(trees.base()).doesNotExist();
        assertThat(mine).exists();
    }

    private static Snapshot snapshot(Snapshot.Entry... entries) {
        return new Snapshot("run-1", List.of(entries));
    }
}
