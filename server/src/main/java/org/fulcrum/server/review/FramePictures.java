package org.fulcrum.server.review;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.prometheus.metrics.core.metrics.Counter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.config.VideoConfig;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.Metrics;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.vpdq.VideoFrames;
import org.fulcrum.vpdq.VideoHasher;

/**
 * One frame of a video media item as a small picture, for the frame strips: decoded from the
 * preserved copy when a hold kept one, otherwise from the platform's bytes fetched now; the bytes
 * go to a temporary file for the decoder and are deleted at once, the picture goes to the browser
 * with {@code no-store}. One decode draws every frame the item's strips show, kept a short while in
 * a bounded {@link FrameCache} keyed by the bytes' digest, so a strip of N pictures costs one decode
 * (and, when ingestion recorded the item's SHA-256, one fetch). Every picture shown is audited.
 * Child-safety media are never shown. A failure is a placeholder picture saying why, so the strip
 * never shows a broken image.
 */
public final class FramePictures implements Feature {
    /** Width of a frame picture; the height keeps the video's proportions. */
    static final int WIDTH = 160;

    /** Videos whose pictures are kept. */
    static final int CACHED_VIDEOS = 64;
    /** Bytes of pictures kept (a strip's 24 pictures are about half a megabyte). */
    static final long CACHED_BYTES = 32L << 20;
    /** How long pictures are kept: about as long as a moderator looks at a case. */
    static final Duration CACHED_FOR = Duration.ofMinutes(5);

    private static final Role[] STAFF = {Role.ADMIN, Role.MODERATOR, Role.LEGAL, Role.AUDITOR};

    private final Database db;
    private final MediaProxy media;
    private final PreservedMedia evidence;
    private final FrameStrips strips;
    private final Json json;
    private final VideoHasher decoder;
    private final long maxBytes;
    private final FrameCache cache;
    private final Counter decodes;

    public FramePictures(
            Database db,
            MediaProxy media,
            PreservedMedia evidence,
            FrameStrips strips,
            VideoConfig video,
            Metrics metrics,
            Clock clock,
            Json json) {
        this.db = db;
        this.media = media;
        this.evidence = evidence;
        this.strips = strips;
        this.json = json;
        this.decoder = new VideoHasher(video.limits(), video.secondsPerHash(), 0, 0);
        this.maxBytes = video.maxBytes();
        this.cache = new FrameCache(CACHED_VIDEOS, CACHED_BYTES, CACHED_FOR, clock);
        this.decodes = metrics.counter(
                "fulcrum_frame_picture_decodes_total", "Videos decoded to draw the console's frame pictures");
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/console/frames/{subject}/{n}/{frame}", this::picture, STAFF);
    }

    @Override
    public void describe(OpenApi api) {
        // console pictures for people, not part of the API
    }

    private void picture(Context ctx) {
        String subject = ctx.pathParam("subject");
        int n = (int) number(ctx.pathParam("n"), "n", Integer.MAX_VALUE);
        long frame = number(ctx.pathParam("frame"), "frame", Long.MAX_VALUE);
        List<CaseDetail.Media> items = db.read(h -> CaseDetail.mediaOf(h, subject, json));
        if (n >= items.size()) {
            throw new FulcrumException.NotFound("media item " + n + " of " + subject);
        }
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        String why;
        if (db.read(h -> Cases.childSafety(h, subject))) {
            why = "Withheld: child-safety media are never shown";
        } else {
            Optional<FrameCache.Pictures> pictures = pictures(subject, n, items.get(n), frame);
            Optional<byte[]> png = pictures.map(p -> p.frames().get(frame));
            if (png.isPresent()) {
                ReviewFeature.auditView(
                        db,
                        Access.staff(ctx).actor(),
                        "media:" + subject + "/" + n,
                        "video frame " + frame + " viewed");
                ctx.contentType("image/png").result(png.get());
                return;
            }
            why = pictures.isEmpty() ? "The video's bytes cannot be had" : "Frame " + frame + " cannot be decoded";
        }
        ctx.header("Fulcrum-Media", "placeholder").contentType("image/svg+xml").result(MediaProxy.placeholderSvg(why));
    }

    private Optional<byte[]> bytes(String subject, int n, CaseDetail.Media item) {
        if (item.preserved()) {
            Optional<PreservedMedia.Copy> kept = evidence.open(subject, n);
            if (kept.isPresent()) {
                return Optional.of(kept.get().bytes());
            }
        }
        if (item.url().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(media.fetchToHash("url", item.url().get(), maxBytes, "video.max.bytes"));
        } catch (FulcrumException e) {
            return Optional.empty();
        }
    }

    /**
     * The pictures of item {@code n}'s video holding {@code frame} if it decodes; empty when its bytes
     * cannot be had. Looked up first by the SHA-256 ingestion recorded (no fetch on a hit), then by
     * the digest of the bytes fetched (the platform may serve other bytes than it sent).
     */
    private Optional<FrameCache.Pictures> pictures(String subject, int n, CaseDetail.Media item, long frame) {
        Set<Long> wanted = new HashSet<>();
        strips.of(subject).stream()
                .filter(s -> s.mediaPosition() == n)
                .forEach(s -> s.frames().forEach(f -> wanted.add(f.frame())));
        wanted.add(frame);
        Optional<String> recorded = item.sha256().map(d -> d.toLowerCase(Locale.ROOT));
        AtomicReference<Optional<byte[]>> fetched = new AtomicReference<>();
        if (recorded.isPresent()) {
            Optional<FrameCache.Pictures> held = cache.get(new FrameCache.Key(subject, n, recorded.get()), () -> {
                Optional<byte[]> bytes = bytes(subject, n, item);
                fetched.set(bytes);
                return bytes.filter(b -> sha256(b).equals(recorded.get())).map(b -> draw(b, wanted));
            });
            if (held.isPresent()) {
                return withFrame(held.get(), subject, n, item, frame);
            }
        }
        Optional<byte[]> bytes = fetched.get() != null ? fetched.get() : bytes(subject, n, item);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        return cache.get(
                        new FrameCache.Key(subject, n, sha256(bytes.get())),
                        () -> Optional.of(draw(bytes.get(), wanted)))
                .flatMap(p -> withFrame(p, subject, n, item, frame));
    }

    /** {@code held}, or for a frame no strip shows (nor was drawn with them), a decode of that frame alone. */
    private Optional<FrameCache.Pictures> withFrame(
            FrameCache.Pictures held, String subject, int n, CaseDetail.Media item, long frame) {
        if (held.frames().containsKey(frame) || held.drawn().contains(frame)) {
            return Optional.of(held);
        }
        return bytes(subject, n, item).map(b -> draw(b, Set.of(frame)));
    }

    /** The frames {@code numbers} of the video in {@code bytes} as PNGs {@link #WIDTH} wide, those that decode. */
    private FrameCache.Pictures draw(byte[] bytes, Set<Long> numbers) {
        decodes.inc();
        Path file = null;
        Map<Long, byte[]> pngs = new HashMap<>();
        try {
            file = Files.createTempFile("fulcrum-frame-", ".bin");
            Files.write(file, bytes);
            VideoFrames frames = decoder.frames(file, numbers);
            if (frames.width() > 0 && frames.height() > 0) {
                for (Map.Entry<Long, int[]> f : frames.pixels().entrySet()) {
                    pngs.put(f.getKey(), png(f.getValue(), frames.width(), frames.height()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a video, over a limit, or corrupt: the placeholder says so
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // the temporary folder is cleared by the system
                }
            }
        }
        return new FrameCache.Pictures(pngs, numbers);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The frame scaled down to {@link #WIDTH} by nearest pixel (a thumbnail, not evidence). */
    static byte[] png(int[] pixels, int width, int height) throws IOException {
        int w = Math.min(WIDTH, width);
        int h = Math.max(1, (int) ((long) height * w / width));
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            int sy = (int) ((long) y * height / h);
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, pixels[sy * width + (int) ((long) x * width / w)]);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static long number(String text, String field, long max) {
        try {
            long v = Long.parseLong(text);
            if (v < 0 || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new FulcrumException.InvalidInput(field, "must be a number from 0");
        }
    }
}
