package org.fulcrum.server.review;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.config.VideoConfig;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.vpdq.VideoFrames;
import org.fulcrum.vpdq.VideoHasher;

/**
 * One frame of a video media item as a small picture, for the frame strips: decoded from the
 * preserved copy when a hold kept one, otherwise from the platform's bytes fetched now; the bytes
 * go to a temporary file for the decoder and are deleted at once, the picture goes to the browser
 * with {@code no-store}. Child-safety media are never shown. A failure is a placeholder picture
 * saying why, so the strip never shows a broken image.
 */
public final class FramePictures implements Feature {
    /** Width of a frame picture; the height keeps the video's proportions. */
    static final int WIDTH = 160;

    private static final Role[] STAFF = {Role.ADMIN, Role.MODERATOR, Role.LEGAL, Role.AUDITOR};

    private final Database db;
    private final MediaProxy media;
    private final PreservedMedia evidence;
    private final VideoHasher decoder;
    private final long maxBytes;

    public FramePictures(Database db, MediaProxy media, PreservedMedia evidence, VideoConfig video) {
        this.db = db;
        this.media = media;
        this.evidence = evidence;
        this.decoder = new VideoHasher(video.limits(), video.secondsPerHash(), 0, 0);
        this.maxBytes = video.maxBytes();
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
        List<CaseDetail.Media> items = db.read(h -> CaseDetail.mediaOf(h, subject));
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
            Optional<byte[]> bytes = bytes(subject, n, items.get(n));
            Optional<byte[]> png = bytes.flatMap(b -> frame(b, frame));
            if (png.isPresent()) {
                ReviewFeature.auditView(
                        db,
                        Access.staff(ctx).actor(),
                        "media:" + subject + "/" + n,
                        "video frame " + frame + " viewed");
                ctx.contentType("image/png").result(png.get());
                return;
            }
            why = bytes.isEmpty() ? "The video's bytes cannot be had" : "Frame " + frame + " cannot be decoded";
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

    /** Frame {@code number} of the video in {@code bytes} as a PNG {@link #WIDTH} wide, if it decodes. */
    private Optional<byte[]> frame(byte[] bytes, long number) {
        Path file = null;
        try {
            file = Files.createTempFile("fulcrum-frame-", ".bin");
            Files.write(file, bytes);
            VideoFrames frames = decoder.frames(file, Set.of(number));
            int[] pixels = frames.pixels().get(number);
            if (pixels == null || frames.width() <= 0 || frames.height() <= 0) {
                return Optional.empty();
            }
            return Optional.of(png(pixels, frames.width(), frames.height()));
        } catch (IOException | RuntimeException e) {
            // not a video, over a limit, or corrupt: the placeholder says so
            return Optional.empty();
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // the temporary folder is cleared by the system
                }
            }
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
