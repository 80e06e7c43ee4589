package org.fulcrum.server.hma;

import static org.fulcrum.server.hma.HmaInputs.clip;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.detect.MediaHasher;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.review.MediaProxy;

/**
 * HMA's hashing: a photo fetched from the platform's configured media origin (any other address is
 * refused: no server-side request forgery), or one uploaded photo or video, hashed into HMA's signal
 * types ({@code pdq} for photos; {@code video_md5} and, for a decodable container, {@code vpdq}).
 */
final class HmaHashing {
    private final MediaHasher hasher;
    private final MediaProxy media;
    private final Json json;

    HmaHashing(MediaHasher hasher, MediaProxy media, Json json) {
        this.hasher = hasher;
        this.media = media;
        this.json = json;
    }

    /** {@code GET /h/hash}: the signals of a photo given by its address. */
    Map<String, String> hashUrl(Context ctx) {
        String url = ctx.queryParam("url");
        if (url == null || url.isBlank()) {
            throw new InvalidInput("url", "is required: the address of a photo on the platform's media host");
        }
        String contentType = Optional.ofNullable(ctx.queryParam("content_type")).orElse("photo");
        if (!contentType.equals("photo")) {
            throw new InvalidInput("content_type", "only photos are fetched by address; upload a video as a file");
        }
        return photoAt(url, ctx.queryParam("types"));
    }

    /** The signals of a photo on the platform's media host, of the types asked for (all when {@code types} is null). */
    Map<String, String> photoAt(String url, String types) {
        return select(hashPhoto("url", fetch(url)), types);
    }

    private byte[] fetch(String url) {
        return switch (media.fetch(url)) {
            case MediaProxy.Fetched.Image image -> image.bytes();
            case MediaProxy.Fetched.Placeholder p -> throw new InvalidInput("url", p.why());
        };
    }

    /** The signals of an uploaded photo or video (multipart field {@code photo} or {@code video}). */
    Map<String, String> hashUpload(Context ctx) {
        Upload upload = upload(ctx);
        return switch (upload.contentType()) {
            case "photo" -> hashPhoto(upload.field(), upload.bytes());
            case "video" -> hashVideo(upload.field(), upload.bytes());
            default -> throw new IllegalStateException("checked in upload()");
        };
    }

    /**
     * A video's signals: the MD5 of its bytes always (HMA's own tests hash any file as a video), and
     * its vPDQ when the bytes are a video container; a container that does not decode is a 400.
     */
    private Map<String, String> hashVideo(String field, byte[] bytes) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(SignalType.video_md5.name(), MediaHasher.md5(bytes));
        if (MediaHasher.isVideo(bytes)) {
            ContentEvent.MediaRef ref = hasher.hashMedia(field, bytes);
            out.put(SignalType.vpdq.name(), HmaVpdq.format(ref.vpdqFeatures(), json));
        }
        return out;
    }

    private Map<String, String> hashPhoto(String field, byte[] bytes) {
        ContentEvent.MediaRef ref = hasher.hashImage(field, bytes);
        return Map.of(SignalType.pdq.name(), ref.pdq().orElseThrow());
    }

    private static Map<String, String> select(Map<String, String> hashes, String types) {
        if (types == null) {
            return hashes;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : types.split(",")) {
            String name = t.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!hashes.containsKey(name)) {
                throw new InvalidInput(
                        "types", "signal type '" + name + "' doesn't exist or is disabled for this content");
            }
            out.put(name, hashes.get(name));
        }
        if (out.isEmpty()) {
            throw new InvalidInput("types", "empty signal type selection");
        }
        return out;
    }

    /** One uploaded file, its field naming the content type. */
    private record Upload(String field, String contentType, byte[] bytes) {}

    private Upload upload(Context ctx) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw new InvalidInput("body", "Missing multipart/form-data file upload");
        }
        Map<String, List<UploadedFile>> files;
        try {
            files = ctx.uploadedFileMap();
        } catch (RuntimeException e) {
            // Jetty's multipart parser throws for a malformed body: that is the client's error.
            throw new InvalidInput("body", "is not a readable multipart/form-data upload");
        }
        int count = files.values().stream().mapToInt(List::size).sum();
        if (count == 0) {
            throw new InvalidInput("body", "Missing multipart/form-data file upload");
        }
        if (count > 1) {
            throw new InvalidInput("body", "Only one file allowed per request");
        }
        var entry = files.entrySet().iterator().next();
        String field = entry.getKey();
        if (!field.equals("photo") && !field.equals("video")) {
            throw new InvalidInput(field, "no such content_type: '" + clip(field) + "' (photo or video)");
        }
        UploadedFile file = entry.getValue().getFirst();
        long max = field.equals("video")
                ? Math.min(hasher.videoConfig().maxBytes(), Integer.MAX_VALUE - 8)
                : ContentEvent.MediaRef.MAX_IMAGE_BYTES;
        try (InputStream in = file.content()) {
            byte[] bytes = in.readNBytes((int) max + 1);
            if (bytes.length > max) {
                throw new InvalidInput(
                        field,
                        "is larger than " + max + " bytes" + (field.equals("video") ? " (video.max.bytes)" : ""));
            }
            if (bytes.length == 0) {
                throw new InvalidInput(field, "is empty");
            }
            return new Upload(field, field, bytes);
        } catch (IOException e) {
            throw new InvalidInput(field, "could not be read: " + e.getMessage());
        }
    }
}
