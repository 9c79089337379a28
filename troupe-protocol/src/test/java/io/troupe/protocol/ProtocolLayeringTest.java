package io.troupe.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The wire contract every side shares holds no framework and no service. */
class ProtocolLayeringTest {
    @Test
    void theProtocolUsesNoFrameworkAndNoService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "io.smallrye..",
                        "io.vertx..", "org.apache.kafka..", "io.troupe.support..", "io.troupe.coordinator..",
                        "io.troupe.workspace..", "io.troupe.agent..", "io.troupe.metrics..")
                .because("the protocol module is the wire contract every side shares")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.troupe.protocol"));
    }
}
