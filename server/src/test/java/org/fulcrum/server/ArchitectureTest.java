package org.fulcrum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The layering of the code, checked on the compiled classes of the server and the libraries; and,
 * so that no rule passes by matching nothing, each rule shown failing on the fixture classes of
 * {@code org.fulcrum.archfixture}, which break it on purpose.
 */
class ArchitectureTest {
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class TheCode {
        private final ArchitectureRules rules = new ArchitectureRules("org.fulcrum");
        private JavaClasses classes;

        @BeforeAll
        void importMainClasses() {
            classes = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages(
                            "org.fulcrum.server",
                            "org.fulcrum.pdq",
                            "org.fulcrum.vpdq",
                            "org.fulcrum.tlog",
                            "org.fulcrum.franking");
        }

        @Test
        void importsTheServerAndEveryLibrary() {
            for (String p : new String[] {
                "org.fulcrum.server.core",
                "org.fulcrum.server.web",
                "org.fulcrum.pdq",
                "org.fulcrum.vpdq",
                "org.fulcrum.tlog",
                "org.fulcrum.franking"
            }) {
                assertThat(classes.containPackage(p))
                        .as("classes of " + p + " imported")
                        .isTrue();
            }
        }

        @Test
        void librariesKnowNothingOfTheServer() {
            rules.librariesKnowNothingOfTheServer().check(classes);
        }

        @Test
        void coreDependsOnNoOtherServerPackage() {
            rules.coreDependsOnNoOtherServerPackage().check(classes);
        }

        @Test
        void webDependsOnNoFeature() {
            rules.webDependsOnNoFeature().check(classes);
        }

        @Test
        void topLevelServerPackagesFormNoCycle() {
            rules.noCyclesBetweenTopLevelPackages().check(classes);
        }

        @Test
        void onlyTheTimeSourceAndEntryPointsReadTheSystemClock() {
            rules.timeComesFromTheInjectedClock().check(classes);
        }

        @Test
        void featureCodeReadsResultSetColumnsByName() {
            rules.featureCodeReadsColumnsByName().check(classes);
        }

        @Test
        void jsonMappingIsInjectedNotReachedStatically() {
            rules.jsonIsInjected().check(classes);
        }

        @Test
        void noStaticFilesAreServedByJetty() {
            rules.noJettyStaticFiles().check(classes);
        }

        @Test
        void everyServerClassHasASimpleNameOfItsOwn() {
            rules.simpleNamesAreUnique().check(classes);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class EachRuleFailsOnADeliberateViolation {
        private final ArchitectureRules rules = new ArchitectureRules("org.fulcrum.archfixture");
        private JavaClasses fixture;

        @BeforeAll
        void importFixture() {
            fixture = new ClassFileImporter().importPackages("org.fulcrum.archfixture");
        }

        private String violations(ArchRule rule) {
            EvaluationResult result = rule.evaluate(fixture);
            assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
            assertThatThrownBy(() -> rule.check(fixture)).isInstanceOf(AssertionError.class);
            return String.join("\n", result.getFailureReport().getDetails());
        }

        @Test
        void aLibraryUsingTheServerIsReported() {
            assertThat(violations(rules.librariesKnowNothingOfTheServer()))
                    .contains("archfixture.tlog.LeafHasher")
                    .contains("archfixture.server.core.Names");
        }

        @Test
        void coreUsingTheWebShellIsReported() {
            String found = violations(rules.coreDependsOnNoOtherServerPackage());
            assertThat(found).contains("core.Problems").contains("web.Shell").doesNotContain("core.Names.");
        }

        @Test
        void theWebShellUsingAFeatureIsReportedButCoreAndConfigAreAllowed() {
            String found = violations(rules.webDependsOnNoFeature());
            assertThat(found)
                    .contains("web.ErrorPage")
                    .contains("review.Case")
                    .doesNotContain("config.Settings")
                    .doesNotContain("core.Names");
        }

        @Test
        void aCycleBetweenTwoFeaturesIsReported() {
            assertThat(violations(rules.noCyclesBetweenTopLevelPackages()))
                    .contains("review")
                    .contains("detect")
                    .contains("Scanner");
        }

        @Test
        void readingTheSystemClockOutsideTheTimeSourceIsReported() {
            String found = violations(rules.timeComesFromTheInjectedClock());
            assertThat(found)
                    .contains("detect.Scanner")
                    .contains("Instant.now()")
                    .doesNotContain("SystemTime");
        }

        @Test
        void aPositionalColumnReadInFeatureCodeIsReportedButNotInTheStore() {
            String found = violations(rules.featureCodeReadsColumnsByName());
            assertThat(found)
                    .contains("team.StaffRows")
                    .contains("ResultSet.getLong(int)")
                    .contains("ResultSet.getString(int)")
                    .contains("ResultSet.wasNull()")
                    .doesNotContain("getString(java.lang.String)")
                    .doesNotContain("store.Cursor");
        }

        @Test
        void reachingJsonStaticallyIsReportedButTheRootsFactoryAndAnInjectedInstanceAreNot() {
            String found = violations(rules.jsonIsInjected());
            assertThat(found)
                    .contains("review.Verdicts")
                    .contains("Json.shared()")
                    .contains("detect.Tagger")
                    .contains("Json.strict()")
                    .doesNotContain("archfixture.server.App")
                    .doesNotContain("team.Roster");
        }

        @Test
        void servingAClassPathFolderThroughJettyIsReported() {
            assertThat(violations(rules.noJettyStaticFiles()))
                    .contains("web.StaticFolder")
                    .contains("Location")
                    .doesNotContain("web.Shell");
        }

        @Test
        void twoClassesOfOneSimpleNameAreReported() {
            String found = violations(rules.simpleNamesAreUnique());
            assertThat(found)
                    .contains("review.Rule shares its simple name with org.fulcrum.archfixture.server.detect.Rule");
        }
    }
}
