package org.fulcrum.server.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.tlog.TlogException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * How every command fails: one line on standard error that says what went wrong and what to do,
 * and a documented exit code (README, "Command line"). {@code --verbose} adds the stack trace.
 * Registered once, in {@link Main#run}, for bad arguments and for failures while running.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    /** The command ran and found the input invalid or not verifying (a log, a package, a key). */
    static final int INVALID = 1;
    /** The command line itself is wrong: unknown option, missing or malformed value. */
    static final int USAGE = 2;
    /** A file or the server could not be read or written. */
    static final int IO = 3;
    /** A failure the command does not expect: a bug to report (EX_SOFTWARE). */
    static final int INTERNAL = 70;

    /** What went wrong, what to do about it, and the exit code. */
    record Failure(String what, String todo, int exitCode) {}

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        print(
                cmd,
                new Failure(e.getMessage(), "see '" + cmd.getCommandSpec().qualifiedName() + " --help'", USAGE),
                e,
                verbose(args),
                false);
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        if (e instanceof org.fulcrum.server.keys.StartRefused refused) {
            // the operator's fix is in the message; a stack trace would bury it
            cmd.getErr().println("fulcrum: refusing to start: " + refused.getMessage());
            cmd.getErr().flush();
            return USAGE;
        }
        Failure failure = classify(e, target(parsed));
        print(cmd, failure, e, verbose(parsed), true);
        return failure.exitCode();
    }

    private static void print(CommandLine cmd, Failure failure, Throwable e, boolean verbose, boolean traceHelps) {
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + failure.what() + "; " + failure.todo()
                + (verbose || !traceHelps ? "" : " (--verbose shows the trace)"));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
    }

    /** The failure a thrown exception stands for, from the most telling exception in its cause chain. */
    static Failure classify(Throwable thrown, String target) {
        String where = target == null ? "the server" : target;
        for (Throwable e = thrown; e != null; e = e.getCause()) {
            switch (e) {
                case ConnectException c -> {
                    return new Failure(
                            "cannot connect to " + where + " (connection refused)",
                            "check that the server is running and that the URL names its host and port",
                            IO);
                }
                case HttpTimeoutException t -> {
                    return new Failure(
                            "no answer from " + where + " in time",
                            "check that the server is reachable and not overloaded, then try again",
                            IO);
                }
                case UnknownHostException u -> {
                    return new Failure("unknown host in " + where, "check the host name in the URL", IO);
                }
                case UnresolvedAddressException u -> {
                    return new Failure("unknown host in " + where, "check the host name in the URL", IO);
                }
                case URISyntaxException u -> {
                    return badUrl(where, u.getMessage());
                }
                case IllegalArgumentException i
                when isUriProblem(i) -> {
                    return badUrl(where, i.getMessage());
                }
                case NoSuchFileException n -> {
                    return new Failure("no such file: " + n.getFile(), "check the path", IO);
                }
                case FileNotFoundException n -> {
                    return new Failure("cannot open " + n.getMessage(), "check the path and its permissions", IO);
                }
                case AccessDeniedException a -> {
                    return new Failure("permission denied: " + a.getFile(), "check the file's permissions", IO);
                }
                case FileAlreadyExistsException f -> {
                    return new Failure("already exists: " + f.getFile(), "choose another path or remove it first", IO);
                }
                case BindException b -> {
                    return new Failure(
                            "cannot listen: " + b.getMessage(), "choose another --port or stop what is using it", IO);
                }
                case FulcrumException.InvalidInput i -> {
                    return new Failure(i.field() + ": " + i.getMessage(), todoForInvalidInput(i), INVALID);
                }
                case TlogException t -> {
                    return new Failure(t.getMessage(), "the data does not verify; check that it is unaltered", INVALID);
                }
                default -> {
                    // keep looking down the chain for a cause this knows
                }
            }
        }
        Throwable io = ioCause(thrown);
        if (io != null) {
            return new Failure(describe(io), "check the path or URL and try again", IO);
        }
        return new Failure("unexpected " + describe(thrown), "run again with --verbose and report the trace", INTERNAL);
    }

    private static String todoForInvalidInput(FulcrumException.InvalidInput e) {
        return switch (e.field()) {
            case "key", "package", "epk", "d", "crv", "kid", "x", "kty" ->
                "use the private encryption-key.jwk of the officer the package was sealed to, "
                        + "and the package file exactly as downloaded";
            default -> "correct " + e.field() + " and try again";
        };
    }

    private static Failure badUrl(String where, String detail) {
        return new Failure(
                "not a usable URL " + where + " (" + detail + ")",
                "give the full URL with its scheme, e.g. http://localhost:8080",
                USAGE);
    }

    private static boolean isUriProblem(IllegalArgumentException e) {
        String m = String.valueOf(e.getMessage());
        return e.getCause() instanceof URISyntaxException || m.contains("URI") || m.contains("scheme");
    }

    private static Throwable ioCause(Throwable thrown) {
        for (Throwable e = thrown; e != null; e = e.getCause()) {
            if (e instanceof IOException || e instanceof UncheckedIOException) {
                return e;
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }

    /** The server or URL the command was pointed at, to name in the message. */
    private static String target(ParseResult parsed) {
        String found = null;
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (String name : new String[] {"--server", "--url"}) {
                if (p.hasMatchedOption(name)) {
                    found = "'" + p.matchedOptionValue(name, "") + "'";
                }
            }
        }
        return found;
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static boolean verbose(String[] args) {
        for (String a : args) {
            if (a.equals("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
