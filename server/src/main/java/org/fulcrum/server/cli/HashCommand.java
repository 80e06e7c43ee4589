package org.fulcrum.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.fulcrum.pdq.Pdq;
import org.fulcrum.pdq.PdqException;
import org.fulcrum.pdq.PdqHash;
import org.fulcrum.pdq.PdqResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Hashes image files with PDQ at full resolution, as the reference core does on the decoded pixels.
 * One line per image on standard output; an image that cannot be hashed gets a line on standard
 * error naming the file and the reason, the others are still hashed, and the exit code is 1.
 */
@Command(name = "hash", mixinStandardHelpOptions = true,
        description = {"Print the PDQ hash of each image: <pdq-hex>,<quality>,<file>.",
                "With --dihedral: orig,rot90,rot180,rot270,flipx,flipy,flipplus1,flipminus1,quality,file.",
                "Exit code 0 if every image was hashed, 1 if any could not be."})
public final class HashCommand implements Callable<Integer> {
    @Option(names = "--dihedral", description = "print the hashes of the eight rotations and flips")
    boolean dihedral;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "image files (JPEG, PNG, GIF, BMP, TIFF)")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        for (Path file : files) {
            try {
                out.println(line(Pdq.hashFile(file), file.toString()));
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
