package org.fulcrum.server.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a test's child JVM: this JVM's {@code java} and class path, a main class and
 * its arguments. The child stops at the first compiler tier: test servers and demos run for seconds,
 * too short for the optimising compiler to pay back the time it takes from the two cores the tests
 * share.
 */
public final class ChildJvm {
    private static final List<String> SHORT_RUN = List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private ChildJvm() {}

    /** {@code java [short-run options] options -cp CLASSPATH mainClass args}. */
    public static List<String> command(List<String> options, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(SHORT_RUN);
        command.addAll(options);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return List.copyOf(command);
    }
}
