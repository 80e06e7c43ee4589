package org.fulcrum.franking.crypto;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Reference data from the shared folder beside the repository, never copied into it. */
final class SharedData {

    private SharedData() {}

    /**
     * The file at {@code shared/<relative>}: a missing file fails the test when the environment says
     * {@code CI=true}, and skips it otherwise.
     */
    static Path require(String relative) {
        Path file = Path.of(System.getProperty("fulcrum.root", ".."))
                .resolve("../shared")
                .resolve(relative)
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(file)) {
            String message = "reference file missing: " + file;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return file;
    }
}
