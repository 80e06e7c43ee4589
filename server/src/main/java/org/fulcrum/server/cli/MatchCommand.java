package org.fulcrum.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.fulcrum.pdq.BankEntry;
import org.fulcrum.pdq.BankFile;
import org.fulcrum.pdq.HashIndex;
import org.fulcrum.pdq.Match;
import org.fulcrum.pdq.MultiIndexHashIndex;
import org.fulcrum.pdq.Pdq;
import org.fulcrum.pdq.PdqException;
import org.fulcrum.pdq.PdqHash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Looks PDQ hashes up in a bank file (hex per line, or CSV with the hash first) by exact
 * multi-index Hamming search: every banked hash within the threshold, nearest first.
 */
@Command(name = "match", mixinStandardHelpOptions = true,
        description = {"Find each HASH's matches in a PDQ bank file.",
                "Prints <hash>,<banked-hash>,<distance>,<bank-line>[,<metadata>...] per match, nearest first.",
                "Exit code 0 if any hash matched, 1 if none did, 2 if the bank or a hash is malformed."})
public final class MatchCommand implements Callable<Integer> {
    @Option(names = "--bank", required = true, paramLabel = "FILE", description = "the bank file")
    Path bank;

    @Option(names = "--threshold", paramLabel = "N", description = "largest Hamming distance, 0-256 (default 31)")
    int threshold = HashIndex.DEFAULT_THRESHOLD;

    @Parameters(arity = "1..*", paramLabel = "HASH", description = "PDQ hashes, 64 hex digits each")
    List<String> hashes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (threshold < 0 || threshold > PdqHash.BITS) {
            err.println("fulcrum match: --threshold must be 0-256, got " + threshold);
            err.flush();
            return 2;
        }
        BankFile file;
        List<PdqHash> needles;
        try {
            needles = hashes.stream().map(Pdq::parseHash).toList();
        } catch (PdqException e) {
            err.println("fulcrum match: " + e.getMessage());
            err.flush();
            return 2;
        }
        try {
            file = Pdq.readBank(bank);
        } catch (PdqException e) {
            err.println("fulcrum match: " + e.getMessage());
            err.flush();
            return 2;
        }
        MultiIndexHashIndex index = file.index();
        boolean any = false;
        for (int i = 0; i < needles.size(); i++) {
            for (Match m : index.query(needles.get(i), threshold)) {
                BankEntry entry = file.entries().get((int) m.id());
                StringBuilder line = new StringBuilder(needles.get(i).toHex()).append(',').append(m.hash().toHex())
                        .append(',').append(m.distance()).append(',').append(entry.line());
                entry.metadata().forEach(v -> line.append(',').append(org.fulcrum.server.detect.BankFormat.quote(v)));
                out.println(line);
                any = true;
            }
        }
        out.flush();
        return any ? 0 : 1;
    }
}
