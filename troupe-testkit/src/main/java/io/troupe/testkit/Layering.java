package io.troupe.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;

/**
 * The build's layering rules, checked by a unit test in each module: a service depends on the
 * shared modules (troupe-protocol, troupe-service-support) but never on another service's classes,
 * and its REST resources are leaves that nothing else in the service depends on. (troupe-protocol
 * checks its own rule: no framework in the wire contract.)
 */
public final class Layering {
    /** The root package of each service. */
    public static final List<String> SERVICES = List.of("io.troupe.coordinator", "io.troupe.workspace",
            "io.troupe.agent", "io.troupe.metrics");

    private Layering() {
    }

    /** Checks the production classes under {@code service} (one of {@link #SERVICES}); throws on a violation. */
    public static void checkService(String service) {
        JavaClasses classes = production(service);
        String[] others = SERVICES.stream().filter(s -> !s.equals(service)).map(s -> s + "..").toArray(String[]::new);
        noClasses().should().dependOnClassesThat().resideInAnyPackage(others)
                .because("services talk over HTTP and Kafka through troupe-protocol's contracts, never through "
                        + "each other's classes")
                .check(classes);
        noClasses().that().resideOutsideOfPackage(service + ".api..")
                .should().dependOnClassesThat().resideInAPackage(service + ".api..")
                .because("REST resources are thin entry points: what they use lives below them")
                .check(classes);
    }

    private static JavaClasses production(String root) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(root);
    }
}
