package org.fulcrum.tlog;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Reference data from the shared folder beside the repository ({@code <build root>/../shared}),
 * read at test time and never copied. A missing file fails the test under {@code CI=true} and
 * skips it otherwise, naming the file.
 */
public final class SharedData {

    private SharedData() {}

    /** The shared folder, from the {@code fulcrum.root} property the build sets. */
    public static Path root() {
        return Path.of(System.getProperty("fulcrum.root", ".."))
                .resolve("../shared")
                .toAbsolutePath()
                .normalize();
    }

    /** A path under the shared folder that must exist. */
    public static Path require(String relative) {
        Path path = root().resolve(relative);
        if (!Files.exists(path)) {
            String message = "reference data missing: " + path;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return path;
    }

    /** The content of a shared text file. */
    public static String read(String relative) {
        try {
            return Files.readString(require(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
