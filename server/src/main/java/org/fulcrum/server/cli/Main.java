package org.fulcrum.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code fulcrum} command line. Every subcommand has {@code --help}. */
@Command(
        name = "fulcrum",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Trust & safety and lawful-request platform for messaging services.",
        subcommands = {
            ServeCommand.class,
            DemoCommand.class,
            VersionCommand.class,
            VerifyCommand.class,
            KeysCommand.class,
            SignCommand.class,
            DecryptCommand.class,
            SorCommand.class,
            HashCommand.class,
            MatchCommand.class,
            BankCommand.class,
            StaffCommand.class,
            ProgressCommand.class
        })
public final class Main implements Runnable {
    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "on failure, print the stack trace after the one-line message")
    boolean verbose;

    public static void main(String[] args) {
        if ("json".equalsIgnoreCase(System.getenv("FULCRUM_LOG_FORMAT"))) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
        System.exit(run(args));
    }

    public static int run(String... args) {
        Failures failures = new Failures();
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(failures)
                .setExecutionExceptionHandler(failures)
                .execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
