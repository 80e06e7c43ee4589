package org.fulcrum.server.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The frame pictures of the videos lately drawn, so that a strip of N pictures costs one decode of
 * its video, not N. Keyed by the content, its media position and the digest of the bytes decoded (a
 * changed video is another key); bounded in videos, in bytes of pictures and in age, the least
 * recently used going first. Requests for one video at once wait for one decode.
 */
final class FrameCache {
    /** A video: the content's id, the item's position in its media, the SHA-256 of its bytes. */
    record Key(String subject, int position, String digest) {}

    /**
     * The pictures one decode drew.
     *
     * @param frames frame number to PNG; a frame that did not decode is absent
     * @param drawn the frames the decode was asked for
     */
    record Pictures(Map<Long, byte[]> frames, Set<Long> drawn) {
        Pictures {
            frames = Map.copyOf(frames);
            drawn = Set.copyOf(drawn);
        }

        long bytes() {
            return frames.values().stream().mapToLong(b -> b.length).sum();
        }
    }

    private static final class Entry {
        final CompletableFuture<Optional<Pictures>> pictures = new CompletableFuture<>();
        final Instant at;
        long bytes;

        Entry(Instant at) {
            this.at = at;
        }
    }

    private final int maxVideos;
    private final long maxBytes;
    private final Duration maxAge;
    private final Clock clock;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    FrameCache(int maxVideos, long maxBytes, Duration maxAge, Clock clock) {
        this.maxVideos = maxVideos;
        this.maxBytes = maxBytes;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * The pictures of {@code key}, drawn by {@code draw} when none younger than the age bound are
     * held (by this thread; others asking meanwhile wait for it). Nothing is kept when {@code draw}
     * answers empty or fails.
     */
    Optional<Pictures> get(Key key, Supplier<Optional<Pictures>> draw) {
        Entry mine;
        Entry held;
        synchronized (this) {
            held = entries.get(key);
            if (held != null && held.at.plus(maxAge).isBefore(clock.instant())) {
                drop(key, held);
                held = null;
            }
            mine = held == null ? new Entry(clock.instant()) : null;
            if (mine != null) {
                entries.put(key, mine);
            }
        }
        if (mine == null) {
            try {
                return held.pictures.join();
            } catch (CompletionException e) {
                return Optional.empty();
            }
        }
        Optional<Pictures> drawn;
        try {
            drawn = draw.get();
        } catch (RuntimeException e) {
            forget(key, mine);
            mine.pictures.completeExceptionally(e);
            throw e;
        }
        if (drawn.isEmpty()) {
            forget(key, mine);
        } else {
            keep(key, mine, drawn.get().bytes());
        }
        mine.pictures.complete(drawn);
        return drawn;
    }

    /** Videos held, for tests. */
    synchronized int size() {
        return entries.size();
    }

    private synchronized void keep(Key key, Entry e, long size) {
        if (entries.get(key) == e) {
            e.bytes = size;
            bytes += size;
        }
        Iterator<Map.Entry<Key, Entry>> eldest = entries.entrySet().iterator();
        while ((entries.size() > maxVideos || bytes > maxBytes) && eldest.hasNext()) {
            Entry old = eldest.next().getValue();
            if (old.pictures.isDone() || old == e) {
                eldest.remove();
                bytes -= old.bytes;
            }
        }
    }

    private synchronized void forget(Key key, Entry e) {
        entries.remove(key, e);
    }

    private void drop(Key key, Entry e) {
        if (entries.remove(key, e)) {
            bytes -= e.bytes;
        }
    }
}
