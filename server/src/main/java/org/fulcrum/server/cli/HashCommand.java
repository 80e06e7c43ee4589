package org.fulcrum.server.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.fulcrum.pdq.Pdq;
import org.fulcrum.pdq.PdqException;
import org.fulcrum.pdq.PdqHash;
import org.fulcrum.pdq.PdqResult;
import org.fulcrum.vpdq.VideoFormat;
import org.fulcrum.vpdq.VideoHasher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Hashes image files with PDQ at full resolution, as the reference core does on the decoded pixels,
 * and video files (recognised by their first bytes) with vPDQ, one line per hashed frame in the
 * reference's format. One line per image on standard output; an image that cannot be hashed gets a line on standard
 * error naming the file and the reason, the others are still hashed, and the exit code is 1.
 */
@Command(
        name = "hash",
        mixinStandardHelpOptions = true,
        description = {
            "Print the PDQ hash of each image: <pdq-hex>,<quality>,<file>.",
            "With --dihedral: orig,rot90,rot180,rot270,flipx,flipy,flipplus1,flipminus1,quality,file.",
            "Videos (MP4, MOV, WebM/Matroska, AVI, FLV, MPEG, Ogg; recognised by content) print one line per",
            "hashed frame as the vPDQ reference does: <frame>,<quality>,<pdq-hex>,<seconds>; with several",
            "files, each video's lines follow a '# <file>' line.",
            "Exit code 0 if every file was hashed, 1 if any could not be."
        })
public final class HashCommand implements Callable<Integer> {
    @Option(names = "--dihedral", description = "print the hashes of the eight rotations and flips")
    boolean dihedral;

    @Option(
            names = "--seconds-per-hash",
            paramLabel = "S",
            description = "videos: seconds between hashed frames, 0 for every frame (default 1)")
    double secondsPerHash = 1.0;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "image files (JPEG, PNG, GIF, BMP, TIFF) or videos")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!(secondsPerHash >= 0 && secondsPerHash <= 3600)) {
            err.println("fulcrum hash: --seconds-per-hash must be 0-3600, got " + secondsPerHash);
            err.flush();
            return Failures.USAGE;
        }
        VideoHasher videos = VideoHasher.defaults().everySeconds(secondsPerHash);
        int failed = 0;
        for (Path file : files) {
            try {
                if (Files.isRegularFile(file) && VideoFormat.sniff(file).isPresent()) {
                    List<String> lines = videos.hash(file).lines();
                    if (files.size() > 1) {
                        out.println("# " + file);
                    }
                    lines.forEach(out::println);
                } else {
                    out.println(line(Pdq.hashFile(file), file.toString()));
                }
            } catch (PdqException | SecurityException e) {
                err.println("fulcrum hash: " + file + ": " + e.getMessage());
                failed++;
            }
            out.flush();
        }
        err.flush();
        return failed == 0 ? 0 : 1;
    }

    private String line(PdqResult r, String file) {
        if (!dihedral) {
            return r.hash().toHex() + "," + r.quality() + "," + file;
        }
        StringBuilder sb = new StringBuilder();
        for (PdqHash h : r.dihedral().asList()) {
            sb.append(h.toHex()).append(',');
        }
        return sb.append(r.quality()).append(',').append(file).toString();
    }
}
