package org.fulcrum.server.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import org.fulcrum.server.auth.Passwords;
import org.fulcrum.server.auth.Recovery;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Break-glass recovery on the server itself, for when no admin can sign in: works on the data
 * folder or database the server uses, with or without the server running.
 */
@Command(
        name = "staff",
        mixinStandardHelpOptions = true,
        description = "Recover staff accounts on the server.",
        subcommands = StaffCommand.Reset.class)
public final class StaffCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** {@code fulcrum staff reset USER}: a new one-time password and second factor, attempts forgotten. */
    @Command(
            name = "reset",
            mixinStandardHelpOptions = true,
            description = "Give USER a new one-time password and a new second factor (enrolled at next sign-in),"
                    + " forget failed attempts, end their sessions and enable the account. Audited.")
    static final class Reset implements Callable<Integer> {
        @Mixin
        ServerOptions options;

        @Parameters(index = "0", paramLabel = "USER", description = "the staff member's username")
        String username;

        @Option(
                names = "--reason",
                description = "why, for the audit trail (default: ${DEFAULT-VALUE})",
                defaultValue = "break-glass reset on the server")
        String reason;

        @Override
        public Integer call() {
            Clock clock = Clock.systemUTC();
            Config config = options.load();
            try (Database db = Database.open(config, clock)) {
                String actor = "cli:" + System.getProperty("user.name", "unknown");
                Recovery.Outcome out = new Recovery(db, clock, new Passwords(config.passwordCost()))
                        .breakGlass(actor, username, reason);
                System.out.println("Reset " + username + " (" + out.accountId() + ").");
                System.out.println("One-time password: " + out.oneTimePassword());
                System.out.println("At sign-in they enrol a new second factor, then choose their own password."
                        + " Recorded in the audit trail as account.break-glass by " + actor + ".");
                return 0;
            } catch (FulcrumException e) {
                System.err.println("fulcrum staff reset: " + e.getMessage());
                return 2;
            }
        }
    }
}
