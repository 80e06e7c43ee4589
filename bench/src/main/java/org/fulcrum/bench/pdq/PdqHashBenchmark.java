package org.fulcrum.bench.pdq;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.fulcrum.pdq.PdqHasher;
import org.fulcrum.pdq.PdqResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to hash one already-decoded image on one thread (decoding excluded), with a hasher reused
 * across images as a worker thread would. The images are the reference bridge (1600x1004) and a
 * 12-megapixel phone photo (4032x3024) from ../shared/pdq (override with
 * {@code -jvmArgsAppend -Dfulcrum.shared=DIR}); without the data, a synthetic image of the same
 * size is used, since the cost does not depend on content.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
@Threads(1)
public class PdqHashBenchmark {
    @Param({"bridge-1600x1004", "photo-4032x3024"})
    public String image;

    private final PdqHasher hasher = new PdqHasher();
    private BufferedImage decoded;

    @Setup
    public void decode() throws IOException {
        boolean bridge = image.startsWith("bridge");
        Path file = Path.of(System.getProperty("fulcrum.shared", "../shared"))
                .resolve("pdq/images/reg-test-input")
                .resolve(bridge ? "dih/bridge-1-original.jpg" : "exif-rotn/exif-rotn-1.jpg");
        if (Files.isRegularFile(file)) {
            decoded = ImageIO.read(file.toFile());
        } else {
            System.out.println("reference image not found at " + file.toAbsolutePath() + "; using a synthetic one");
            decoded = synthetic(bridge ? 1600 : 4032, bridge ? 1004 : 3024);
        }
    }

    private static BufferedImage synthetic(int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        SplittableRandom random = new SplittableRandom(1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | random.nextInt(256));
            }
        }
        return out;
    }

    @Benchmark
    public PdqResult hash() {
        return hasher.hash(decoded);
    }
}
