package org.fulcrum.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.detect.BankFormat;
import org.fulcrum.server.detect.BankHash;
import org.fulcrum.server.detect.HashType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Moves hash banks between bank files and Fulcrum: {@code import} reads a bank file (hex per line
 * or CSV with header hash,type,label,source), checks every line before writing anything, and adds
 * its hashes; {@code export} writes a bank as CSV or hex per line. Either through a running server
 * ({@code --server} with a {@code hash_sharing} API token, which an admin issues with
 * POST /v1/admin/tokens), or straight to the store ({@code --data} or {@code --config}).
 */
@Command(
        name = "bank",
        mixinStandardHelpOptions = true,
        description = "Import a bank file into a hash bank, or export one (through a server or to the store).",
        subcommands = {BankCommand.Import.class, BankCommand.Export.class})
public final class BankCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Import a bank file (hex per line, or CSV with header hash,type,label,source).",
                "Every line is checked first; a bad line is reported by number and nothing is written.",
                "Exit code 0 on success, 1 if the server or store refused, 2 if the file is malformed."
            })
    static final class Import implements Callable<Integer> {
        @Mixin
        BankTarget target;

        @Option(names = "--type", description = "type of bare 64-digit hashes: pdq (default) or sha256")
        String type;

        @Parameters(paramLabel = "FILE", description = "the bank file, or - for standard input")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<BankHash> hashes;
            try {
                String text = file.toString().equals("-")
                        ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(file, StandardCharsets.UTF_8);
                hashes = BankFormat.parse(text, Optional.ofNullable(type).map(t -> HashType.parse("--type", t)));
            } catch (FulcrumException.InvalidInput e) {
                return fail(err, 2, file + ": " + e.field() + ": " + e.getMessage());
            } catch (IOException e) {
                return fail(err, 2, "cannot read " + file + ": " + e.getMessage());
            }
            try {
                BankTarget.Imported r = target.importHashes(hashes);
                out.println("imported " + r.added() + " hashes into bank " + r.bankId() + " (" + r.present()
                        + " already present)");
                out.flush();
                return 0;
            } catch (FulcrumException e) {
                return fail(err, 1, e.getMessage());
            }
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = {
                "Export a bank as CSV (hash,type,label,source) or hex per line of one type.",
                "Exit code 0 on success, 1 if the server or store refused."
            })
    static final class Export implements Callable<Integer> {
        @Mixin
        BankTarget target;

        @Option(names = "--format", description = "csv (default) or hex")
        String format = "csv";

        @Option(names = "--type", description = "only hashes of this type: pdq, md5 or sha256 (required for hex)")
        String type;

        @Option(names = "--out", paramLabel = "FILE", description = "where to write (default: standard output)")
        Path outFile;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            try {
                if (!format.equals("csv") && !format.equals("hex")) {
                    throw new FulcrumException.InvalidInput("--format", "must be csv or hex");
                }
                Optional<HashType> t = Optional.ofNullable(type).map(x -> HashType.parse("--type", x));
                if (format.equals("hex") && t.isEmpty()) {
                    throw new FulcrumException.InvalidInput("--type", "is required for hex: a hex file holds one type");
                }
                if (outFile == null) {
                    PrintWriter out = spec.commandLine().getOut();
                    target.export(format.equals("csv"), t, out);
                    out.flush();
                } else {
                    try (Writer w = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
                        target.export(format.equals("csv"), t, w);
                    }
                }
                return 0;
            } catch (FulcrumException.InvalidInput e) {
                return fail(err, 1, e.field() + " " + e.getMessage());
            } catch (FulcrumException e) {
                return fail(err, 1, e.getMessage());
            }
        }
    }

    private static int fail(PrintWriter err, int code, String message) {
        err.println("fulcrum bank: " + message);
        err.flush();
        return code;
    }
}
