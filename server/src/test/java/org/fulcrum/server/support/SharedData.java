package org.fulcrum.server.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Reference data beside the repository ({@code ../shared}, or beside {@code -Dfulcrum.root}). A test
 * that needs a missing file fails under {@code CI=true} and is skipped otherwise, naming the file.
 */
public final class SharedData {
    private SharedData() {}

    /** The file or folder {@code relative} under the shared folder. */
    public static Path require(String relative) {
        Path path = Path.of(System.getProperty("fulcrum.root", ".."))
                .resolve("../shared")
                .resolve(relative)
                .toAbsolutePath()
                .normalize();
        if (!Files.exists(path)) {
            String message = "reference data missing: " + path;
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        return path;
    }
}
