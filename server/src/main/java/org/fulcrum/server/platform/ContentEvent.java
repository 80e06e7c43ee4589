package org.fulcrum.server.platform;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

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
    public enum EventType { created, edited, deleted }

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
        return new ContentEvent(eventId, type, subjectId, kind, containerId, containerKind, authorId, country, language,
                audience, text, newMedia.isEmpty() ? Optional.empty() : Optional.of(newMedia), occurredAt);
    }

    /**
     * A media item attached to a post: its hashes as the platform computed them, or its bytes for
     * Fulcrum to hash. Bytes are hashed at ingestion and dropped: they are never stored.
     *
     * @param bytes the encoded image (base64 in JSON), at most {@link #MAX_IMAGE_BYTES}
     * @param url where the platform serves the item (on its media origin); the console fetches it
     *     on view through its proxy, signed, and keeps nothing
     */
    public record MediaRef(Optional<String> mediaId, Optional<String> md5, Optional<String> sha256,
                           Optional<String> pdq, Optional<byte[]> bytes, Optional<String> url) {
        /** Largest image accepted inline. */
        public static final int MAX_IMAGE_BYTES = 8 << 20;
        public static final int MAX_URL = 2048;

        public MediaRef {
            mediaId = opt(mediaId);
            md5 = opt(md5);
            sha256 = opt(sha256);
            pdq = opt(pdq);
            bytes = opt(bytes);
            url = opt(url);
            url.ifPresent(MediaRef::checkUrl);
            mediaId.ifPresent(v -> Check.id("mediaId", v));
            md5.ifPresent(v -> Check.hex("md5", v, 32));
            sha256.ifPresent(v -> Check.hex("sha256", v, 64));
            pdq.ifPresent(v -> Check.hex("pdq", v, 64));
            if (bytes.isPresent() && (bytes.get().length == 0 || bytes.get().length > MAX_IMAGE_BYTES)) {
                throw new InvalidInput("bytes", "must be 1 to " + MAX_IMAGE_BYTES + " bytes");
            }
            if (md5.isEmpty() && sha256.isEmpty() && pdq.isEmpty() && bytes.isEmpty()) {
                throw new InvalidInput("media", "each item needs at least one of md5, sha256, pdq, bytes");
            }
        }

        /** A media item known by its hashes only. */
        public MediaRef(Optional<String> mediaId, Optional<String> md5, Optional<String> sha256, Optional<String> pdq) {
            this(mediaId, md5, sha256, pdq, Optional.empty(), Optional.empty());
        }

        /** A media item by hashes or bytes, with no address on the platform. */
        public MediaRef(Optional<String> mediaId, Optional<String> md5, Optional<String> sha256, Optional<String> pdq,
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
