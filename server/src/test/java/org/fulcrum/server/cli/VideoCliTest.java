package org.fulcrum.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fulcrum.server.cli.DetectionCliTest.Run;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fulcrum hash} and {@code fulcrum match} on videos, recognised by content. */
class VideoCliTest {
    static final Path VPDQ_ROOT = Path.of(System.getProperty("fulcrum.root", ".."))
            .resolve("../shared/vpdq")
            .toAbsolutePath()
            .normalize();

    static Path sample(String relative) {
        Path path = VPDQ_ROOT.resolve(relative);
        if (!Files.isRegularFile(path)) {
            String message = "vPDQ reference data file missing: " + path;
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        return path;
    }

    @Test
    void hashPrintsEveryFrameOfAVideoInTheReferenceFormatWhateverTheFileIsCalled(@TempDir Path dir) throws Exception {
        Path renamed = Files.copy(sample("videos/test-padded-dimensions.mp4"), dir.resolve("clip.bin"));
        List<String> expected = Files.readAllLines(sample("expected/test-padded-dimensions.txt"));
        Run r = DetectionCliTest.run("hash", "--seconds-per-hash", "0", renamed.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        // this clip's frames are hashed bit-exactly as the reference does
        assertThat(r.out().lines().toList()).isEqualTo(expected);
    }

    @Test
    void hashSamplesOneFramePerSecondByDefaultAndNamesEachVideoWhenGivenSeveral() {
        String a = sample("videos/test-padded-dimensions.mp4").toString();
        String b = sample("videos/pattern-sd-grey-bar.mp4").toString();
        Run r = DetectionCliTest.run("hash", a, b);
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        // 150 and 206 frames at 30 per second: 5 and 7 hashed frames
        assertThat(lines).hasSize(2 + 5 + 7);
        assertThat(lines.get(0)).isEqualTo("# " + a);
        assertThat(lines.get(1)).matches("0,\\d+,[0-9a-f]{64},0\\.000");
        assertThat(lines.get(2)).startsWith("30,").endsWith(",1.000");
        assertThat(lines.get(6)).isEqualTo("# " + b);
    }

    @Test
    void aBrokenVideoIsNamedOnStandardErrorAndTheOthersAreStillHashed(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(sample("videos/test-padded-dimensions.mp4"));
        Path cut = Files.write(dir.resolve("cut.mp4"), java.util.Arrays.copyOf(whole, whole.length / 2));
        String good = sample("videos/test-padded-dimensions.mp4").toString();
        Run r = DetectionCliTest.run("hash", cut.toString(), good);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("fulcrum hash: " + cut + ": ");
        assertThat(r.out()).contains("# " + good).contains("120,");
    }

    @Test
    void matchComparesVideosAndHashFilesByTheVpdqRule(@TempDir Path dir) throws Exception {
        String original = sample("videos/chair-orig-22-sd-bar.mp4").toString();
        String sepia = sample("videos/chair-22-sd-sepia-bar.mp4").toString();
        String pattern = sample("videos/pattern-hd-no-bar.mp4").toString();
        Path hashes = dir.resolve("original.txt");
        Run hashed = DetectionCliTest.run("hash", original);
        Files.writeString(hashes, hashed.out());

        Run r = DetectionCliTest.run("match", "--video", hashes.toString(), sepia, pattern);
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith(sepia + "," + hashes + ",").endsWith(",match");
        assertThat(lines.get(1)).isEqualTo(pattern + "," + hashes + ",0.00,0.00,no-match");

        Run none = DetectionCliTest.run("match", "--video", original, pattern);
        assertThat(none.exit()).isEqualTo(1);
        Run both = DetectionCliTest.run("match", "--video", original, "--bank", hashes.toString(), pattern);
        assertThat(both.exit()).isEqualTo(2);
    }
}
