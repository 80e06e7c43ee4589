package org.fulcrum.bench.video;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;
import org.fulcrum.vpdq.VideoHash;
import org.fulcrum.vpdq.VideoHasher;

/**
 * Video hashing on one thread (the decoder is set to one thread too): a video is hashed repeatedly,
 * once with every frame hashed (decode + convert + PDQ per frame: frames per second) and once at
 * the default one frame per second (every frame decoded, one in thirty hashed: seconds of CPU per
 * minute of video). Wall and thread CPU time are both reported; on a shared machine CPU time is
 * the figure for one core.
 *
 * <p>Usage: {@code ./fulcrum bench video.VideoHashLoad VIDEO [rounds]} (the 720p sample video
 * {@code ../shared/vpdq/videos/pattern-longer-no-bar.mp4} is the one measured in BENCHMARKS.md).
 */
public final class VideoHashLoad {
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: VideoHashLoad VIDEO [rounds]");
            System.exit(2);
        }
        Path video = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "load average before: %.2f%n", os.getSystemLoadAverage());
        VideoHash every = VideoHasher.defaults().everySeconds(0).hash(video); // warm-up, and the frame count
        double seconds = every.features().size() / every.frameRate();
        System.out.printf(
                Locale.ROOT,
                "%s: %dx%d, %d frames, %.2f s at %.3f frames/s%n",
                video,
                every.width(),
                every.height(),
                every.features().size(),
                seconds,
                every.frameRate());
        measure(
                "every frame hashed",
                VideoHasher.defaults().everySeconds(0),
                video,
                rounds,
                every.features().size(),
                seconds);
        measure(
                "one frame per second hashed",
                VideoHasher.defaults(),
                video,
                rounds,
                every.features().size(),
                seconds);
        System.out.printf(Locale.ROOT, "load average after: %.2f%n", os.getSystemLoadAverage());
    }

    private static void measure(String label, VideoHasher hasher, Path video, int rounds, int frames, double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        hasher.hash(video);
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        int hashed = 0;
        for (int i = 0; i < rounds; i++) {
            hashed = hasher.hash(video).features().size();
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9 / rounds;
        double wall = (System.nanoTime() - wall0) / 1e9 / rounds;
        System.out.printf(
                Locale.ROOT,
                "%s (%d of %d frames): CPU %.3f s per video = %.0f decoded frames/s, %.2f s per minute of video;"
                        + " wall %.3f s = %.0f frames/s, %.2f s per minute%n",
                label,
                hashed,
                frames,
                cpu,
                frames / cpu,
                cpu * 60 / seconds,
                wall,
                frames / wall,
                wall * 60 / seconds);
    }

    private VideoHashLoad() {}
}
