package io.troupe.support.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTest {
    @TempDir
    Path tmp;

    @Test
    void servicesThatUnpackTheBinariesAtOnceAllGetTheOneInstallation() throws Exception {
        // Given four services starting together on a machine that has never unpacked the binaries (the
        // workspace and the coordinator of a fresh CI machine do so)
        int services = 4;
        CyclicBarrier together = new CyclicBarrier(services);
        List<CompletableFuture<Path>> installs = IntStream.range(0, services)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        together.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return PostgresBinaries.install(tmp);
                }))
                .toList();

        // When each unpacks and moves its copy into place, and all but one lose that race
        List<Path> homes = installs.stream().map(CompletableFuture::join).toList();

        // Then all of them get the same installation, whole, and no staging copy is left behind
        assertThat(homes).hasSize(services).containsOnly(homes.getFirst());
        assertThat(homes.getFirst().resolve("bin/postgres")).isExecutable();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).containsExactly(homes.getFirst());
        }
    }
}
