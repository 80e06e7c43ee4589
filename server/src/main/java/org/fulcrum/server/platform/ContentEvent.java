package org.fulcrum.server.platform;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fulcrum.pdq.PdqException;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.vpdq.VpdqFeature;

/**
 * One content event from the platform: a subject was created, edited or deleted.
 *
 * @param eventId the platform's unique id of this event; ingestion is idempotent on it
 * @param type what happened
 * @param subjectId the platform's stable id of the subject
 * @param kind the subject's kind
 * @param containerId the channel or group a post belongs to
 * @param containerKind whether the container is a channel or a group (default channel)
 * @param authorId the account that authored it
 * @param country the author account's country (ISO 3166-1 alpha-2)
 * @param language the content language
 * @param audience how many people can see it (members, subscribers)
 * @param text the text, at most 64 KiB characters
 * @param media media attached, by hash or by bytes Fulcrum hashes (and never stores)
 * @param occurredAt when it happened on the platform
 */
public record ContentEvent(
        String eventId,
        EventType type,
        String subjectId,
        SubjectKind kind,
        Optional<String> containerId,
        Optional<SubjectKind> containerKind,
        Optional<String> authorId,
        Optional<String> country,
        Optional<String> language,
        Optional<Long> audience,
        Optional<String> text,
        Optional<List<MediaRef>> media,
        Instant occurredAt) {

    public static final int MAX_TEXT = 65_536;
    public static final int MAX_MEDIA = 16;

    /** What happened to the subject. */
    public enum EventType {
        created,
        edited,
        deleted
    }

    public ContentEvent {
        Check.id("eventId", eventId);
        Check.required("type", type);
        Check.id("subjectId", subjectId);
        Check.required("kind", kind);
        containerId = opt(containerId);
        containerKind = opt(containerKind);
        if (containerKind.isPresent() && !containerKind.get().isContainer()) {
            throw new InvalidInput("containerKind", "must be channel or group");
        }
        authorId = opt(authorId);
        country = opt(country);
        language = opt(language);
        audience = opt(audience);
        text = opt(text);
        media = opt(media);
        containerId.ifPresent(v -> Check.id("containerId", v));
        authorId.ifPresent(v -> Check.id("authorId", v));
        country.ifPresent(v -> Check.country("country", v));
        language.ifPresent(v -> Check.language("language", v));
        audience.ifPresent(v -> {
            if (v < 0) {
                throw new InvalidInput("audience", "must not be negative");
            }
        });
        text.ifPresent(v -> Check.text("text", v, MAX_TEXT));
        if (media.isPresent() && media.get().size() > MAX_MEDIA) {
            throw new InvalidInput("media", "must have at most " + MAX_MEDIA + " items");
        }
        media = media.map(List::copyOf);
        Check.required("occurredAt", occurredAt);
        if (kind == SubjectKind.message) {
            throw new InvalidInput("kind", "private messages are never streamed; they arrive only as franked reports");
        }
    }

    private static <T> Optional<T> opt(Optional<T> o) {
        return o == null ? Optional.empty() : o;
    }

    public List<MediaRef> mediaList() {
        return media.orElse(List.of());
    }

    /** This event with {@code media} in place of its own (after server-side hashing). */
    public ContentEvent withMedia(List<MediaRef> newMedia) {
        return new ContentEvent(
                eventId,
                type,
                subjectId,
                kind,
                containerId,
                containerKind,
                authorId,
                country,
                language,
                audience,
                text,
                newMedia.isEmpty() ? Optional.empty() : Optional.of(newMedia),
                occurredAt);
    }

    /**
     * A media item attached to a post: its hashes as the platform computed them, its bytes for
     * Fulcrum to hash, or only its address for Fulcrum to fetch and hash. Bytes are hashed at
     * ingestion and dropped: they are never stored. An image gets PDQ, MD5 and SHA-256; a video
     * (recognised by its container's first bytes) vPDQ, MD5 and SHA-256.
     *
     * @param bytes the encoded image or video (base64 in JSON), at most {@link #MAX_INLINE_BYTES}
     *     (videos also within the server's video limits)
     * @param url where the platform serves the item (on its media origin); the console fetches it
     *     on view through its proxy, signed, and keeps nothing. Sent alone, Fulcrum fetches the item
     *     the same way at ingestion and hashes it
     * @param vpdq a video's vPDQ: one {@code frame,quality,pdq,seconds} line per hashed frame, as the
     *     reference writes them, at most {@link #MAX_VPDQ_FRAMES}
     */
    public record MediaRef(
            Optional<String> mediaId,
            Optional<String> md5,
            Optional<String> sha256,
            Optional<String> pdq,
            Optional<byte[]> bytes,
            Optional<String> url,
            Optional<List<String>> vpdq) {
        /** Largest image accepted inline. */
        public static final int MAX_IMAGE_BYTES = 8 << 20;
        /** Largest item accepted inline (the request's body limit applies first). */
        public static final int MAX_INLINE_BYTES = 64 << 20;
        /** Most frames of a video's vPDQ: a day at the reference's one frame a second. */
        public static final int MAX_VPDQ_FRAMES = 86_400;

        public static final int MAX_URL = 2048;

        public MediaRef {
            mediaId = opt(mediaId);
            md5 = opt(md5);
            sha256 = opt(sha256);
            pdq = opt(pdq);
            bytes = opt(bytes);
            url = opt(url);
            vpdq = opt(vpdq);
            url.ifPresent(MediaRef::checkUrl);
            mediaId.ifPresent(v -> Check.id("mediaId", v));
            md5.ifPresent(v -> Check.hex("md5", v, 32));
            sha256.ifPresent(v -> Check.hex("sha256", v, 64));
            pdq.ifPresent(v -> Check.hex("pdq", v, 64));
            if (bytes.isPresent() && (bytes.get().length == 0 || bytes.get().length > MAX_INLINE_BYTES)) {
                throw new InvalidInput("bytes", "must be 1 to " + MAX_INLINE_BYTES + " bytes");
            }
            if (vpdq.isPresent()) {
                vpdq = Optional.of(checkVpdq(vpdq.get()));
            }
            if (md5.isEmpty()
                    && sha256.isEmpty()
                    && pdq.isEmpty()
                    && vpdq.isEmpty()
                    && bytes.isEmpty()
                    && url.isEmpty()) {
                throw new InvalidInput("media", "each item needs at least one of md5, sha256, pdq, vpdq, bytes, url");
            }
        }

        /** A media item by hashes, bytes or address (no vPDQ). */
        public MediaRef(
                Optional<String> mediaId,
                Optional<String> md5,
                Optional<String> sha256,
                Optional<String> pdq,
                Optional<byte[]> bytes,
                Optional<String> url) {
            this(mediaId, md5, sha256, pdq, bytes, url, Optional.empty());
        }

        /** Whether Fulcrum must hash this item itself: it has bytes, or only an address. */
        public boolean needsHashing() {
            return bytes.isPresent()
                    || url.isPresent() && md5.isEmpty() && sha256.isEmpty() && pdq.isEmpty() && vpdq.isEmpty();
        }

        /** The vPDQ frames, parsed (empty for an item without). */
        public List<VpdqFeature> vpdqFeatures() {
            if (vpdq.isEmpty()) {
                return List.of();
            }
            List<VpdqFeature> out = new ArrayList<>(vpdq.get().size());
            vpdq.get().forEach(line -> out.add(VpdqFeature.parse(line)));
            return out;
        }

        private static List<String> checkVpdq(List<String> lines) {
            if (lines.isEmpty() || lines.size() > MAX_VPDQ_FRAMES) {
                throw new InvalidInput("vpdq", "must have 1 to " + MAX_VPDQ_FRAMES + " frame lines");
            }
            List<String> out = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line == null || line.length() > 200) {
                    throw new InvalidInput("vpdq[" + i + "]", "must be a line frame,quality,pdq,seconds");
                }
                try {
                    out.add(VpdqFeature.parse(line).toLine());
                } catch (PdqException e) {
                    throw new InvalidInput("vpdq[" + i + "]", e.getMessage());
                }
            }
            return List.copyOf(out);
        }

        /** A media item known by its hashes only. */
        public MediaRef(Optional<String> mediaId, Optional<String> md5, Optional<String> sha256, Optional<String> pdq) {
            this(mediaId, md5, sha256, pdq, Optional.empty(), Optional.empty());
        }

        /** A media item by hashes or bytes, with no address on the platform. */
        public MediaRef(
                Optional<String> mediaId,
                Optional<String> md5,
                Optional<String> sha256,
                Optional<String> pdq,
                Optional<byte[]> bytes) {
            this(mediaId, md5, sha256, pdq, bytes, Optional.empty());
        }

        private static void checkUrl(String v) {
            if (v.length() > MAX_URL) {
                throw new InvalidInput("url", "must be at most " + MAX_URL + " characters");
            }
            try {
                org.fulcrum.server.config.Config.origin(v);
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("url", "must be an http or https address on the platform's media host");
            }
        }
    }
}
