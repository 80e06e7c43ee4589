package org.fulcrum.pdq;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the PDQ reference data in {@code ../shared/pdq} beside the repository (never copied into
 * it). A missing file fails the test under {@code CI=true} and skips it elsewhere, naming the file.
 */
final class ReferenceData {
    private ReferenceData() {}

    static Path root() {
        return Path.of(System.getProperty("fulcrum.root", ".."))
                .resolve("../shared/pdq")
                .toAbsolutePath()
                .normalize();
    }

    /** The path of {@code relative} under the reference root, after checking that it exists. */
    static Path require(String relative) {
        Path path = root().resolve(relative);
        if (!Files.isRegularFile(path)) {
            String message = "PDQ reference data file missing: " + path;
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return path;
    }

    /** Whether {@code relative} exists, for building test parameter lists before any test runs. */
    static boolean exists(String relative) {
        return Files.isRegularFile(root().resolve(relative));
    }

    /** The data lines of a reference CSV or list ({@code #} comments and blank lines dropped). */
    static List<String> lines(String relative) {
        try {
            return Files.readAllLines(require(relative)).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path image(String relative) {
        return require("images/" + relative);
    }
}
