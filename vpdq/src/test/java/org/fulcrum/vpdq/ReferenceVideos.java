package org.fulcrum.vpdq;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the vPDQ reference data in {@code ../shared/vpdq} beside the repository (never copied
 * into it): the sample videos and the frame hashes the reference produced. A missing file fails
 * the test under {@code CI=true} and skips it elsewhere, naming the file.
 */
final class ReferenceVideos {
    /** The sample videos, by name without extension. */
    static final List<String> NAMES = List.of(
            "chair-19-sd-bar",
            "chair-20-sd-bar",
            "chair-22-sd-grey-bar",
            "chair-22-sd-sepia-bar",
            "chair-22-with-large-logo-bar",
            "chair-22-with-small-logo-bar",
            "chair-orig-22-sd-bar",
            "pattern-hd-no-bar",
            "pattern-longer-no-bar",
            "pattern-sd-grey-bar",
            "pattern-sd-with-large-logo-bar",
            "test-padded-dimensions");

    private ReferenceVideos() {}

    static Path root() {
        return Path.of(System.getProperty("fulcrum.root", ".."))
                .resolve("../shared/vpdq")
                .toAbsolutePath()
                .normalize();
    }

    static Path require(String relative) {
        Path path = root().resolve(relative);
        if (!Files.isRegularFile(path)) {
            String message = "vPDQ reference data file missing: " + path;
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return path;
    }

    static Path video(String name) {
        return require("videos/" + name + ".mp4");
    }

    private static final Map<String, CompletableFuture<VideoHash>> HASHED = new ConcurrentHashMap<>();

    /**
     * Every frame of a sample video at full size, hashed once per test run: the first test to ask
     * hashes it, one asking meanwhile waits for that hash, and tests asking for other videos go on.
     */
    static VideoHash hashed(String name) {
        Path file = video(name);
        CompletableFuture<VideoHash> mine = new CompletableFuture<>();
        CompletableFuture<VideoHash> theirs = HASHED.putIfAbsent(name, mine);
        if (theirs != null) {
            return theirs.join();
        }
        try {
            mine.complete(VideoHasher.defaults().everySeconds(0).hash(file));
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
        }
        return mine.join();
    }

    static VideoHash expected(String name) {
        return VideoHash.read(require("expected/" + name + ".txt"));
    }
}
