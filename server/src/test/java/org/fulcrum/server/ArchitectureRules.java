package org.fulcrum.server;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The layering rules of the code, built for a root package ({@code org.fulcrum} for the real code,
 * a fixture root for the tests that show each rule failing). Under {@code <root>.server}: {@code core}
 * at the bottom, the web shell ({@code web}) on it and on {@code config} only, the features above,
 * and no cycle between the top-level packages. The libraries know nothing of the server.
 */
final class ArchitectureRules {
    /** The modules other projects could reuse: JDK only (vpdq adds pdq and FFmpeg). */
    static final List<String> LIBRARIES = List.of("pdq", "vpdq", "tlog", "franking");

    /** The {@code ResultSet} getters that take a column index as well as a column label. */
    private static final Set<String> COLUMN_GETTERS = Set.of(
            "getString",
            "getLong",
            "getInt",
            "getBoolean",
            "getDouble",
            "getBytes",
            "getObject",
            "getTimestamp",
            "getDate");

    private final String root;
    private final String server;

    ArchitectureRules(String root) {
        this.root = root;
        this.server = root + ".server";
    }

    ArchRule librariesKnowNothingOfTheServer() {
        return noClasses()
                .that()
                .resideInAnyPackage(
                        LIBRARIES.stream().map(l -> root + "." + l + "..").toArray(String[]::new))
                .should()
                .dependOnClassesThat()
                .resideInAPackage(server + "..")
                .because("the libraries stand alone, so others can reuse them");
    }

    ArchRule coreDependsOnNoOtherServerPackage() {
        return classes()
                .that()
                .resideInAPackage(server + ".core..")
                .should()
                .onlyDependOnClassesThat(resideInAPackage(server + ".core..").or(resideOutsideOfPackage(server + "..")))
                .because("core lies beneath every feature and the web shell");
    }

    ArchRule webDependsOnNoFeature() {
        return classes()
                .that()
                .resideInAPackage(server + ".web..")
                .should()
                .onlyDependOnClassesThat(resideInAnyPackage(server + ".web..", server + ".core..", server + ".config..")
                        .or(resideOutsideOfPackage(server + "..")))
                .because(
                        "the web shell serves every feature and knows none (features bring their routes, failures name their problem)");
    }

    /**
     * Jetty serves a class-path folder by mounting the jar that holds it as a zip file system, and the
     * server's jar holds the whole application: about 80 MB of heap for the server's life. The files
     * pages load are served by {@code web.Assets} instead.
     */
    ArchRule noJettyStaticFiles() {
        return noClasses()
                .that()
                .resideInAPackage(server + "..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.javalin.http.staticfiles..")
                .because(
                        "Jetty's static files mount the application's jar for the server's life; web.Assets serves them");
    }

    ArchRule noCyclesBetweenTopLevelPackages() {
        return slices().matching(server + ".(*)..").namingSlices("$1").should().beFreeOfCycles();
    }

    /**
     * Time comes from the injected clock or {@code Time}, so tests control it. The real time source,
     * the composition root and the command line (entry points that start the real clock) may read the
     * system clock; so may the simulator, which plays the platform on the other side with a clock of
     * its own.
     */
    ArchRule timeComesFromTheInjectedClock() {
        return noClasses()
                .that()
                .resideInAPackage(server + "..")
                .and(not(resideInAnyPackage(server + ".cli..", server + ".simulator..")))
                .and()
                .doNotHaveFullyQualifiedName(server + ".jobs.SystemTime")
                .and()
                .doNotHaveFullyQualifiedName(server + ".App")
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(Clock.class, "systemUTC")
                .because("time comes from the injected Clock or Time, which tests move by hand");
    }

    /**
     * Feature code reads result-set columns by name (through {@code store.Columns} or by label), so
     * a reordered SELECT cannot shift a value into the wrong field; only {@code store} may read by
     * position. {@code wasNull()} is a read by position too (of whichever column was read last), so
     * a nullable column is read through {@code store.Columns}.
     */
    ArchRule featureCodeReadsColumnsByName() {
        return noClasses()
                .that()
                .resideInAPackage(server + "..")
                .and(not(resideInAnyPackage(server + ".store..")))
                .should()
                .callMethodWhere(readsAColumnByPosition())
                .because("a positional read shifts silently when a SELECT changes; read by column name");
    }

    private static DescribedPredicate<JavaMethodCall> readsAColumnByPosition() {
        return new DescribedPredicate<>("a ResultSet getter taking a column index, or wasNull()") {
            @Override
            public boolean test(JavaMethodCall call) {
                var target = call.getTarget();
                if (target.getOwner().isAssignableTo(ResultSet.class)
                        && target.getName().equals("wasNull")) {
                    return true;
                }
                return target.getOwner().isAssignableTo(ResultSet.class)
                        && COLUMN_GETTERS.contains(target.getName())
                        && target.getRawParameterTypes().size() == 1
                        && target.getRawParameterTypes().get(0).isEquivalentTo(int.class);
            }
        };
    }

    /**
     * JSON mapping is injected: {@code core.Json} is built once by its factory {@code strict()} where
     * the node or a command is composed (the composition root {@code App}, the command line) and
     * handed on; no other class reaches a static method of {@code core.Json}. {@code notYetInjected}
     * names the classes (with their nested ones) still on the static accessor, until they are given
     * an instance.
     */
    ArchRule jsonIsInjected() {
        return noClasses()
                .that()
                .resideInAPackage(server + "..")
                .and(not(resideInAnyPackage(server + ".core..")))
                .should()
                .callMethodWhere(reachesJsonStatically())
                .because(
                        "the one JSON configuration is built once and injected, so nothing depends on a global mapper");
    }

    private DescribedPredicate<JavaMethodCall> reachesJsonStatically() {
        String json = server + ".core.Json";
        return new DescribedPredicate<>("a static method of core.Json other than the entry points' factory") {
            @Override
            public boolean test(JavaMethodCall call) {
                var target = call.getTarget();
                if (!target.getOwner().getName().equals(json)) {
                    return false;
                }
                boolean isStatic = target.resolveMember()
                        .map(m -> m.getModifiers().contains(JavaModifier.STATIC))
                        .orElse(false);
                if (!isStatic) {
                    return false;
                }
                String caller = call.getOriginOwner().getName();
                boolean entryPoint = caller.equals(server + ".App") || caller.startsWith(server + ".cli.");
                return !(target.getName().equals("strict") && entryPoint);
            }
        };
    }

    ArchRule simpleNamesAreUnique() {
        return classes()
                .that()
                .resideInAPackage(server + "..")
                .and()
                .areTopLevelClasses()
                .and()
                .doNotHaveSimpleName("package-info")
                .should(haveASimpleNameNoOtherServerClassHas())
                .because("each concept has one name");
    }

    private static ArchCondition<JavaClass> haveASimpleNameNoOtherServerClassHas() {
        return new ArchCondition<>("have a simple name no other class has") {
            private Map<String, List<JavaClass>> byName = Map.of();

            @Override
            public void init(Collection<JavaClass> all) {
                byName = all.stream().collect(Collectors.groupingBy(JavaClass::getSimpleName));
            }

            @Override
            public void check(JavaClass item, ConditionEvents events) {
                List<JavaClass> same = byName.getOrDefault(item.getSimpleName(), List.of());
                boolean unique = same.size() <= 1;
                String others = same.stream()
                        .filter(c -> !c.equals(item))
                        .map(JavaClass::getName)
                        .collect(Collectors.joining(", "));
                events.add(new SimpleConditionEvent(
                        item,
                        unique,
                        item.getName()
                                + (unique ? " has a unique simple name" : " shares its simple name with " + others)));
            }
        };
    }
}
