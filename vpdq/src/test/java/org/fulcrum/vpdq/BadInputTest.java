package org.fulcrum.vpdq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.fulcrum.pdq.UnreadableInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken videos end in one of this module's exceptions, quickly, whatever they claim.
 * Each case is bounded by a preemptive timeout: hanging is a failure too.
 */
class BadInputTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(30);
    private static final String SAMPLE = "chair-19-sd-bar";

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private byte[] sample() throws IOException {
        return Files.readAllBytes(ReferenceVideos.video(SAMPLE));
    }

    private static <T> T promptly(ThrowingSupplier<T> work) {
        return assertTimeoutPreemptively(PROMPTLY, work);
    }

    @Test
    void anEmptyFileIsUndecodable() throws IOException {
        Path empty = write("empty.mp4", new byte[0]);
        assertThatThrownBy(() -> promptly(() -> VideoHasher.defaults().hash(empty)))
                .isInstanceOf(UndecodableVideo.class)
                .hasMessageContaining("empty");
    }

    @Test
    void aMissingFileIsUnreadable() {
        assertThatThrownBy(() -> VideoHasher.defaults().hash(dir.resolve("absent.mp4")))
                .isInstanceOf(UnreadableInput.class);
    }

    @Test
    void textAndImagesAreNotVideos() throws IOException {
        Path playlist =
                write("list.mp4", "#EXTM3U\n#EXTINF:10,\nfile:///etc/passwd\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> VideoHasher.defaults().hash(playlist))
                .isInstanceOf(UndecodableVideo.class)
                .hasMessageContaining("not a video container");
    }

    @Test
    void aTruncatedVideoIsUndecodable() throws IOException {
        byte[] whole = sample();
        for (int keep : new int[] {whole.length / 2, 4096, 40}) {
            Path cut = write("cut-" + keep + ".mp4", Arrays.copyOf(whole, keep));
            assertThatThrownBy(() -> promptly(() -> VideoHasher.defaults().hash(cut)))
                    .as("%d of %d bytes", keep, whole.length)
                    .isInstanceOf(UndecodableVideo.class);
        }
    }

    @Test
    void aVideoWithGarbageInsideIsUndecodable() throws IOException {
        byte[] bytes = sample();
        byte[] noise = new byte[bytes.length / 3];
        new Random(21).nextBytes(noise);
        // the header and its index stay intact; the coded frames in the middle are noise
        System.arraycopy(noise, 0, bytes, bytes.length / 3, noise.length);
        Path corrupt = write("corrupt.mp4", bytes);
        assertThatThrownBy(() -> promptly(() -> VideoHasher.defaults().hash(corrupt)))
                .isInstanceOf(UndecodableVideo.class);
    }

    @Test
    void limitsOnBytesPixelsDurationAndFramesAreEachEnforced() {
        Path video = ReferenceVideos.video(SAMPLE);
        VideoLimits roomy = VideoLimits.DEFAULT;
        assertThatThrownBy(
                        () -> hasher(new VideoLimits(1000, roomy.maxPixels(), roomy.maxDuration(), roomy.maxFrames()))
                                .hash(video))
                .isInstanceOf(VideoTooLarge.class)
                .hasMessageContaining("bytes");
        assertThatThrownBy(() -> hasher(
                                new VideoLimits(roomy.maxBytes(), 640 * 480, roomy.maxDuration(), roomy.maxFrames()))
                        .hash(video))
                .isInstanceOf(VideoTooLarge.class)
                .hasMessageContaining("480x720");
        assertThatThrownBy(() -> hasher(new VideoLimits(
                                roomy.maxBytes(), roomy.maxPixels(), Duration.ofSeconds(5), roomy.maxFrames()))
                        .hash(video))
                .isInstanceOf(VideoTooLarge.class)
                .hasMessageContaining("s is over");
        assertThatThrownBy(() -> hasher(new VideoLimits(roomy.maxBytes(), roomy.maxPixels(), roomy.maxDuration(), 100))
                        .hash(video))
                .isInstanceOf(VideoTooLarge.class)
                .hasMessageContaining("frames");
    }

    @Test
    void oneFramePerSecondIsTheDefaultRate() {
        VideoHash hash = promptly(() -> VideoHasher.defaults().hash(ReferenceVideos.video(SAMPLE)));
        // 564 frames at 30 per second: frames 0, 30, ..., 540
        assertThat(hash.features())
                .extracting(VpdqFeature::frameNumber)
                .hasSize(19)
                .startsWith(0L, 30L)
                .endsWith(540L);
        assertThat(hash.features().get(1).toLine()).endsWith(",1.000");
    }

    private static VideoHasher hasher(VideoLimits limits) {
        return new VideoHasher(limits, 1.0, 0, 0);
    }
}
