package org.fulcrum.server.cli;

import org.fulcrum.server.core.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Prints the version. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version.")
public final class VersionCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("fulcrum " + Version.CURRENT + " (Java " + Runtime.version() + ")");
    }

    /** Supplies {@code --version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fulcrum " + Version.CURRENT};
        }
    }
}
