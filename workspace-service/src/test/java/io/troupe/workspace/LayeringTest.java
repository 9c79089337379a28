package io.troupe.workspace;

import io.troupe.testkit.Layering;
import org.junit.jupiter.api.Test;

/** The service's place in the build's layering (see {@link Layering}). */
class LayeringTest {
    @Test
    void dependsOnNoOtherServiceAndNothingDependsOnItsResources() {
        Layering.checkService("io.troupe.workspace");
    }
}
