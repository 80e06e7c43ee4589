package org.fulcrum.server.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.fulcrum.pdq.DecodeLimits;
import org.fulcrum.pdq.PdqException;
import org.fulcrum.pdq.PdqHasher;
import org.fulcrum.server.config.VideoConfig;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.platform.EventIngest;
import org.fulcrum.vpdq.VideoFormat;
import org.fulcrum.vpdq.VideoHash;
import org.fulcrum.vpdq.VideoHasher;
import org.fulcrum.vpdq.VideoTooLarge;

/**
 * Hashes media sent with content events, as bytes or as an address on the platform's media origin
 * (fetched signed), on a bounded pool of platform threads: MD5, SHA-256, and PDQ of an image at full
 * resolution, or vPDQ of a video (recognised by its container's first bytes; frames at full size,
 * one a second unless configured otherwise, within the configured {@link VideoConfig} bounds). The event
 * continues with the hashes and without the bytes, which are never stored (a video is decoded from
 * an owner-only temporary file, deleted at once). When every worker is busy and the short queue is
 * full, the batch is refused with 503 so the platform retries; media that does not decode, or a
 * video over a bound, is refused with 400 naming the item and the bound's configuration key.
 */
public final class MediaHasher implements EventIngest.MediaHashing, AutoCloseable {
    /** Pixels an image may declare: a 40-megapixel photo, 160 MB of working buffer per worker. */
    static final long MAX_PIXELS = 40_000_000L;

    private final ThreadPoolExecutor pool;
    private final ThreadLocal<PdqHasher> hashers = ThreadLocal.withInitial(PdqHasher::new);
    private final DecodeLimits limits = new DecodeLimits(ContentEvent.MediaRef.MAX_IMAGE_BYTES, MAX_PIXELS);
    private final VideoConfig video;
    private final VideoHasher videos;
    private final Fetcher fetcher;

    /** Fetches a media item named only by its address (see {@code review.MediaProxy#fetchToHash}). */
    public interface Fetcher {
        /** Fetches at most {@code maxBytes}; refusals name {@code field} and {@code limitKey}. */
        byte[] fetch(String field, String url, long maxBytes, String limitKey);

        /** No fetching: an item by address alone is refused. */
        Fetcher NONE = (field, url, maxBytes, limitKey) -> {
            throw new FulcrumException.InvalidInput(
                    field, "this server fetches no media; send the bytes or the hashes");
        };
    }

    public MediaHasher(int workers, int queue) {
        this(workers, queue, VideoConfig.DEFAULT, Fetcher.NONE);
    }

    public MediaHasher(int workers, int queue, VideoConfig video, Fetcher fetcher) {
        this.video = video;
        this.videos = new VideoHasher(video.limits(), video.secondsPerHash(), 0, 0);
        this.fetcher = fetcher;
        this.pool = new ThreadPoolExecutor(
                workers,
                workers,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue),
                r -> Thread.ofPlatform().name("fulcrum-media-hash").daemon(true).unstarted(r),
                new ThreadPoolExecutor.AbortPolicy());
        this.pool.allowCoreThreadTimeOut(true);
    }

    private record Job(int event, int item, Future<ContentEvent.MediaRef> result) {}

    @Override
    public List<ContentEvent> hash(List<ContentEvent> events) {
        List<Job> jobs = new ArrayList<>();
        try {
            for (int i = 0; i < events.size(); i++) {
                List<ContentEvent.MediaRef> media = events.get(i).mediaList();
                for (int j = 0; j < media.size(); j++) {
                    ContentEvent.MediaRef m = media.get(j);
                    if (m.needsHashing()) {
                        String field = "events[" + i + "].media[" + j + "]"
                                + (m.bytes().isPresent() ? ".bytes" : ".url");
                        jobs.add(new Job(i, j, pool.submit(() -> hashOne(field, m))));
                    }
                }
            }
        } catch (RejectedExecutionException e) {
            cancel(jobs);
            throw new FulcrumException.Unavailable("every media hashing worker is busy; retry the batch shortly");
        }
        if (jobs.isEmpty()) {
            return events;
        }
        List<List<ContentEvent.MediaRef>> media = new ArrayList<>(events.size());
        events.forEach(e -> media.add(new ArrayList<>(e.mediaList())));
        try {
            for (Job j : jobs) {
                media.get(j.event()).set(j.item(), j.result().get());
            }
        } catch (ExecutionException e) {
            cancel(jobs);
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new FulcrumException("media hashing failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(jobs);
            throw new FulcrumException.Unavailable("interrupted while hashing media");
        }
        List<ContentEvent> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            out.add(
                    media.get(i).equals(events.get(i).mediaList())
                            ? events.get(i)
                            : events.get(i).withMedia(media.get(i)));
        }
        return out;
    }

    /**
     * Hashes one image on the same bounded pool (PDQ, MD5 and SHA-256); a busy pool answers 503, an
     * undecodable image 400 naming {@code field}.
     */
    public ContentEvent.MediaRef hashImage(String field, byte[] bytes) {
        return hashMedia(field, bytes);
    }

    /**
     * Hashes one image or video (told apart by its first bytes) on the bounded pool: a video gets
     * MD5, SHA-256 and vPDQ within the {@link VideoConfig} bounds, an image as {@link #hashImage}.
     */
    public ContentEvent.MediaRef hashMedia(String field, byte[] bytes) {
        ContentEvent.MediaRef ref = new ContentEvent.MediaRef(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(bytes),
                Optional.empty());
        Future<ContentEvent.MediaRef> job;
        try {
            job = pool.submit(() -> hashOne(field, ref));
        } catch (RejectedExecutionException e) {
            throw new FulcrumException.Unavailable("every media hashing worker is busy; retry shortly");
        }
        try {
            return job.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new FulcrumException("media hashing failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.cancel(true);
            throw new FulcrumException.Unavailable("interrupted while hashing media");
        }
    }

    /** The bounds on the videos this hasher decodes. */
    public VideoConfig videoConfig() {
        return video;
    }

    /** Whether {@code bytes} start like a video container this hasher decodes. */
    public static boolean isVideo(byte[] bytes) {
        return VideoFormat.sniff(Arrays.copyOf(bytes, Math.min(bytes.length, VideoFormat.HEADER_BYTES)))
                .isPresent();
    }

    /** The MD5 of {@code bytes} in lower-case hex (the exact-match digest of videos and files). */
    public static String md5(byte[] bytes) {
        return digest("MD5", bytes);
    }

    /** Cancels the batch's other images and takes them out of the queue, so they free their places at once. */
    private void cancel(List<Job> jobs) {
        jobs.forEach(j -> j.result().cancel(true));
        pool.purge();
    }

    private ContentEvent.MediaRef hashOne(String field, ContentEvent.MediaRef m) {
        byte[] bytes = m.bytes().isPresent()
                ? m.bytes().get()
                : fetcher.fetch(
                        field,
                        m.url().orElseThrow(),
                        Math.max(video.maxBytes(), ContentEvent.MediaRef.MAX_IMAGE_BYTES),
                        "video.max.bytes");
        if (VideoFormat.sniff(Arrays.copyOf(bytes, Math.min(bytes.length, VideoFormat.HEADER_BYTES)))
                .isPresent()) {
            return hashVideo(field, m, bytes);
        }
        if (bytes.length > ContentEvent.MediaRef.MAX_IMAGE_BYTES) {
            throw new FulcrumException.InvalidInput(
                    field, "an image may be at most " + ContentEvent.MediaRef.MAX_IMAGE_BYTES + " bytes");
        }
        String pdq;
        try {
            pdq = hashers.get().hashEncoded(bytes, limits).hash().toHex();
        } catch (PdqException e) {
            throw new FulcrumException.InvalidInput(field, "is not an image that can be hashed: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            hashers.get().trim();
            throw new FulcrumException.Unavailable("not enough memory to decode the image now");
        }
        return new ContentEvent.MediaRef(
                m.mediaId(),
                Optional.of(digest("MD5", bytes)),
                Optional.of(digest("SHA-256", bytes)),
                Optional.of(pdq),
                Optional.empty(),
                m.url());
    }

    private ContentEvent.MediaRef hashVideo(String field, ContentEvent.MediaRef m, byte[] bytes) {
        if (bytes.length > video.maxBytes()) {
            throw new FulcrumException.InvalidInput(
                    field, "the video is " + bytes.length + " bytes, over video.max.bytes = " + video.maxBytes());
        }
        VideoHash hash;
        Path file = null;
        try {
            file = temporary();
            Files.write(file, bytes);
            hash = videos.hash(file);
        } catch (VideoTooLarge e) {
            throw new FulcrumException.InvalidInput(field, e.getMessage() + " (" + key(e.limit()) + ")");
        } catch (PdqException e) {
            throw new FulcrumException.InvalidInput(field, "is not a video that can be hashed: " + e.getMessage());
        } catch (IOException e) {
            throw new FulcrumException("cannot write the video to a temporary file", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    file.toFile().deleteOnExit();
                }
            }
        }
        return new ContentEvent.MediaRef(
                m.mediaId(),
                Optional.of(digest("MD5", bytes)),
                Optional.of(digest("SHA-256", bytes)),
                Optional.empty(),
                Optional.empty(),
                m.url(),
                Optional.of(hash.lines()));
    }

    /** The configuration key of a video bound, as a problem names it. */
    static String key(VideoTooLarge.Limit limit) {
        return switch (limit) {
            case BYTES -> "video.max.bytes";
            case PIXELS -> "video.max.pixels";
            case DURATION -> "video.max.duration.seconds";
            case FRAMES -> "video.max.frames";
        };
    }

    private static Path temporary() throws IOException {
        try {
            return Files.createTempFile(
                    "fulcrum-video-",
                    ".bin",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile("fulcrum-video-", ".bin");
        }
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
