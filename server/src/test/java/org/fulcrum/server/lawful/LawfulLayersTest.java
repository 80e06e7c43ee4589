package org.fulcrum.server.lawful;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lawful capability's sub-packages form layers: no cycle between them, and the web pages and
 * API on top, so that nothing else in the capability reaches up into them.
 */
class LawfulLayersTest {
    private static JavaClasses lawful;

    @BeforeAll
    static void importMainClasses() {
        lawful = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.fulcrum.server.lawful");
    }

    @Test
    void everySubPackageHasClasses() {
        for (String sub :
                new String[] {"signature", "request", "disclosure", "registry", "decision", "intake", "review", "web"
                }) {
            assertThat(lawful.stream().anyMatch(c -> c.getPackageName().equals("org.fulcrum.server.lawful." + sub)))
                    .as("classes in lawful.%s", sub)
                    .isTrue();
        }
    }

    @Test
    void subPackagesAreFreeOfCycles() {
        slices().matching("org.fulcrum.server.lawful.(*)..")
                .should()
                .beFreeOfCycles()
                .check(lawful);
    }

    @Test
    void onlyTheWebPackageDependsOnTheRoot() {
        // The root holds only the capability's entry (Lawful), built from the layers below it.
        noClasses()
                .that()
                .resideOutsideOfPackages("org.fulcrum.server.lawful", "org.fulcrum.server.lawful.web..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.fulcrum.server.lawful")
                .check(lawful);
    }

    @Test
    void nothingElseInLawfulDependsOnItsWebPackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.fulcrum.server.lawful.web..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.fulcrum.server.lawful.web..")
                .check(lawful);
    }
}
