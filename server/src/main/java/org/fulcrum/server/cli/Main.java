package org.fulcrum.server.cli;

import org.fulcrum.server.keys.StartRefused;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fulcrum} command line. Every subcommand has {@code --help}. */
@Command(name = "fulcrum", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Trust & safety and lawful-request platform for messaging services.",
        subcommands = {ServeCommand.class, DemoCommand.class, VersionCommand.class, VerifyCommand.class,
                KeysCommand.class, SignCommand.class, DecryptCommand.class, SorCommand.class, HashCommand.class,
                MatchCommand.class, BankCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        if ("json".equalsIgnoreCase(System.getenv("FULCRUM_LOG_FORMAT"))) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof StartRefused refused) {
                        // the operator's fix is in the message; a stack trace would bury it
                        cmd.getErr().println("fulcrum: refusing to start: " + refused.getMessage());
                        return 2;
                    }
                    throw e;
                }).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
