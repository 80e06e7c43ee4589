package org.fulcrum.server.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fulcrum.pdq.BankEntry;
import org.fulcrum.pdq.BankFile;
import org.fulcrum.pdq.HashIndex;
import org.fulcrum.pdq.Match;
import org.fulcrum.pdq.MultiIndexHashIndex;
import org.fulcrum.pdq.Pdq;
import org.fulcrum.pdq.PdqException;
import org.fulcrum.pdq.PdqHash;
import org.fulcrum.server.detect.BankFormat;
import org.fulcrum.vpdq.MatchRule;
import org.fulcrum.vpdq.VideoComparison;
import org.fulcrum.vpdq.VideoFormat;
import org.fulcrum.vpdq.VideoHash;
import org.fulcrum.vpdq.VideoHasher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Looks PDQ hashes up in a bank file (hex per line, or CSV with the hash first) by exact
 * multi-index Hamming search: every banked hash within the threshold, nearest first. With
 * {@code --video}, compares videos (or their vPDQ hash files) with one target video by the vPDQ
 * rule instead.
 */
@Command(
        name = "match",
        mixinStandardHelpOptions = true,
        description = {
            "Find each HASH's matches in a PDQ bank file.",
            "Prints <hash>,<banked-hash>,<distance>,<bank-line>[,<metadata>...] per match, nearest first.",
            "With --video TARGET, each FILE (a video, or its vPDQ hash file as 'fulcrum hash' prints it) is",
            "compared with TARGET by the vPDQ rule; prints <file>,<target>,<query-%>,<target-%>,match|no-match.",
            "Exit code 0 if anything matched, 1 if nothing did, 2 if an input is malformed or unreadable."
        })
public final class MatchCommand implements Callable<Integer> {
    @Option(names = "--bank", paramLabel = "FILE", description = "the bank file")
    Path bank;

    @Option(names = "--video", paramLabel = "TARGET", description = "a video or vPDQ hash file to compare videos with")
    Path video;

    @Option(names = "--threshold", paramLabel = "N", description = "largest Hamming distance, 0-256 (default 31)")
    int threshold = HashIndex.DEFAULT_THRESHOLD;

    @Option(
            names = "--quality",
            paramLabel = "Q",
            description = "videos: frames below this PDQ quality are ignored (default 50)")
    int quality = MatchRule.DEFAULT.minQuality();

    @Option(
            names = "--query-percent",
            paramLabel = "P",
            description = "videos: share of FILE's frames that must be found in TARGET (default 80)")
    double queryPercent = MatchRule.DEFAULT.queryPercent();

    @Option(
            names = "--target-percent",
            paramLabel = "P",
            description = "videos: share of TARGET's frames that must be found in FILE (default 80)")
    double targetPercent = MatchRule.DEFAULT.targetPercent();

    @Parameters(
            arity = "1..*",
            paramLabel = "HASH|FILE",
            description = "PDQ hashes, 64 hex digits each; with --video, files")
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
        if ((bank == null) == (video == null)) {
            err.println("fulcrum match: give either --bank (hashes) or --video (videos)");
            err.flush();
            return 2;
        }
        if (video != null) {
            return matchVideos(out, err);
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
                StringBuilder line = new StringBuilder(needles.get(i).toHex())
                        .append(',')
                        .append(m.hash().toHex())
                        .append(',')
                        .append(m.distance())
                        .append(',')
                        .append(entry.line());
                entry.metadata().forEach(v -> line.append(',').append(BankFormat.quote(v)));
                out.println(line);
                any = true;
            }
        }
        out.flush();
        return any ? 0 : 1;
    }

    private int matchVideos(PrintWriter out, PrintWriter err) {
        MatchRule rule;
        try {
            rule = new MatchRule(threshold, quality, queryPercent, targetPercent);
        } catch (IllegalArgumentException e) {
            err.println("fulcrum match: " + e.getMessage());
            err.flush();
            return 2;
        }
        try {
            VideoHash target = videoHash(video);
            boolean any = false;
            for (String name : hashes) {
                VideoComparison c = rule.compare(videoHash(Path.of(name)), target);
                out.println(String.join(
                        ",",
                        BankFormat.quote(name),
                        BankFormat.quote(video.toString()),
                        percent(c.queryMatchedPercent()),
                        percent(c.targetMatchedPercent()),
                        c.matches() ? "match" : "no-match"));
                any |= c.matches();
            }
            out.flush();
            return any ? 0 : 1;
        } catch (PdqException e) {
            out.flush();
            err.println("fulcrum match: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    /** A video's vPDQ hash (every frame of a video file is hashed at one per second), or a hash file read back. */
    private static VideoHash videoHash(Path file) {
        if (Files.isRegularFile(file) && VideoFormat.sniff(file).isPresent()) {
            return VideoHasher.defaults().hash(file);
        }
        return VideoHash.read(file);
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
