package org.fulcrum.server.privacy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.review.CaseDetail;
import org.fulcrum.server.review.Cases;
import org.fulcrum.server.review.MediaProxy;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Media kept as evidence. Fulcrum otherwise never keeps media bytes; when a hold preserves a
 * subject, each media item of what the hold captured is fetched once through the console's media
 * proxy (the platform's configured media origin only, signed, no redirects) and stored sealed under
 * the {@link EvidenceKey}, in the preserved-evidence retention class. The fetch to do is a row of its
 * own, written in the hold's transaction: a platform that is down, or a stop, only delays it; it is
 * retried with growing pauses until it succeeds or the hold ends. Child-safety media are never
 * fetched (the platform preserves them under its own reporting duty). Several nodes may run the
 * worker; a lease keeps two from fetching the same item.
 */
public final class MediaEvidence implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaEvidence.class);
    /** At most this many media items are preserved for one hold. */
    static final int LIMIT = 200;

    static final Duration LEASE = Duration.ofMinutes(2);
    static final Duration FIRST_RETRY = Duration.ofSeconds(15);
    static final Duration LONGEST_RETRY = Duration.ofHours(1);

    private final Database db;
    private final Clock clock;
    private final EvidenceKey key;
    private final Function<String, MediaProxy.Fetched> fetch;
    private final String node;
    private ScheduledExecutorService executor;

    public MediaEvidence(
            Database db, Clock clock, EvidenceKey key, Function<String, MediaProxy.Fetched> fetch, String node) {
        this.db = db;
        this.clock = clock;
        this.key = key;
        this.fetch = fetch;
        this.node = node;
    }

    /** A preserved item as the console lists it. */
    public record Item(
            String id,
            String holdId,
            String subjectId,
            int position,
            Optional<String> mediaId,
            String contentType,
            long sizeBytes,
            Instant capturedAt) {}

    /** A preserved item opened: its bytes as the platform served them. */
    public record Opened(Item item, byte[] bytes) {}

    /** A fetch still to do. */
    public record Pending(
            String id,
            String holdId,
            String subjectId,
            int position,
            String url,
            int attempts,
            Instant nextAt,
            Optional<String> lastError) {}

    /**
     * Records, in the hold's transaction, a fetch for each media item of {@code subjectId} and of the
     * posts it wrote or holds; an item already preserved or waiting for the subject is not fetched twice.
     */
    static int enqueue(Tx tx, Json json, String holdId, String subjectId) {
        Handle h = tx.handle();
        Set<String> subjects = new LinkedHashSet<>();
        subjects.add(subjectId);
        subjects.addAll(h.createQuery("""
                        SELECT c.subject_id FROM subject_content c JOIN subject s ON s.id = c.subject_id
                        WHERE (s.author_id = :s OR s.container_id = :s) AND c.media IS NOT NULL AND c.media <> '[]'
                        ORDER BY c.updated_at DESC LIMIT""" + " " + LIMIT)
                .bind("s", subjectId)
                .mapTo(String.class)
                .list());
        int n = 0;
        for (String s : subjects) {
            if (Cases.childSafety(h, s)) {
                continue;
            }
            List<CaseDetail.Media> media = CaseDetail.mediaOf(h, s, json);
            for (int i = 0; i < media.size() && n < LIMIT; i++) {
                Optional<String> url = media.get(i).url();
                if (url.isEmpty() || known(h, s, url.get())) {
                    continue;
                }
                h.createUpdate("""
                                INSERT INTO media_preservation (id, hold_id, subject_id, position, media_id, url, next_at,
                                                                created_at)
                                VALUES (:id, :hold, :s, :pos, :mid, :url, :now, :now)""")
                        .bind("id", Ids.next("mp", tx.clock()))
                        .bind("hold", holdId)
                        .bind("s", s)
                        .bind("pos", i)
                        .bind("mid", media.get(i).mediaId().orElse(null))
                        .bind("url", url.get())
                        .bind("now", tx.now().toEpochMilli())
                        .execute();
                n++;
            }
        }
        return n;
    }

    private static boolean known(Handle h, String subjectId, String url) {
        return h.createQuery("""
                        SELECT (SELECT COUNT(*) FROM preserved_media WHERE subject_id = :s AND url = :u)
                             + (SELECT COUNT(*) FROM media_preservation WHERE subject_id = :s AND url = :u)""")
                        .bind("s", subjectId)
                        .bind("u", url)
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    /** Runs the due fetches every {@code every}. */
    public synchronized void start(Duration every) {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("fulcrum-media-evidence").daemon(true).factory());
        executor.scheduleWithFixedDelay(this::runSafely, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("preserving media failed; the fetches are retried", e);
        }
    }

    /** Fetches what is due now; answers how many items were preserved. */
    public int runOnce() {
        long now = clock.millis();
        List<Pending> due = db.read(h -> h.createQuery(
                        SELECT
                                + " WHERE next_at <= :now AND (lease_until IS NULL OR lease_until < :now) ORDER BY next_at, id LIMIT 20")
                .bind("now", now)
                .map(MediaEvidence::pending)
                .list());
        int preserved = 0;
        for (Pending p : due) {
            boolean claimed = db.write(tx -> tx.handle()
                            .createUpdate("""
                            UPDATE media_preservation SET lease_owner = :node, lease_until = :until
                            WHERE id = :id AND (lease_until IS NULL OR lease_until < :now)""")
                            .bind("node", node)
                            .bind("until", now + LEASE.toMillis())
                            .bind("id", p.id())
                            .bind("now", now)
                            .execute()
                    == 1);
            if (!claimed) {
                continue;
            }
            MediaProxy.Fetched fetched = fetch.apply(p.url());
            preserved += db.write(tx -> settle(tx, p, fetched));
        }
        return preserved;
    }

    private int settle(Tx tx, Pending p, MediaProxy.Fetched fetched) {
        Handle h = tx.handle();
        long now = tx.now().toEpochMilli();
        switch (fetched) {
            case MediaProxy.Fetched.Image image -> {
                String id = Ids.next("pm", tx.clock());
                h.createUpdate("""
                                INSERT INTO preserved_media (id, hold_id, subject_id, position, media_id, url, content_type,
                                                             size_bytes, key_id, sealed, captured_at)
                                SELECT :id, hold_id, subject_id, position, media_id, url, :type, :size, :key, :sealed, :now
                                FROM media_preservation WHERE id = :pending""")
                        .bind("id", id)
                        .bind("type", image.contentType())
                        .bind("size", image.bytes().length)
                        .bind("key", key.fingerprint())
                        .bind("sealed", key.seal(image.bytes(), associated(id, p.subjectId(), p.position())))
                        .bind("now", now)
                        .bind("pending", p.id())
                        .execute();
                h.createUpdate("DELETE FROM media_preservation WHERE id = :id")
                        .bind("id", p.id())
                        .execute();
                Audit.record(
                        tx,
                        "system",
                        "evidence.media_preserved",
                        "subject:" + p.subjectId(),
                        null,
                        p.holdId() + ": media item " + p.position() + " (" + image.bytes().length + " bytes) as " + id);
                return 1;
            }
            case MediaProxy.Fetched.Placeholder why -> {
                boolean holdRuns = h.createQuery("""
                                SELECT COUNT(*) FROM legal_hold WHERE id = :h AND released_at IS NULL AND until_at > :now""")
                                .bind("h", p.holdId())
                                .bind("now", now)
                                .mapTo(Long.class)
                                .one()
                        > 0;
                if (!holdRuns) {
                    h.createUpdate("DELETE FROM media_preservation WHERE id = :id")
                            .bind("id", p.id())
                            .execute();
                    Audit.record(
                            tx,
                            "system",
                            "evidence.media_not_preserved",
                            "subject:" + p.subjectId(),
                            null,
                            p.holdId() + " ended before media item " + p.position() + " could be fetched: "
                                    + why.why());
                    return 0;
                }
                long pause = Math.min(LONGEST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(p.attempts(), 16));
                h.createUpdate("""
                                UPDATE media_preservation SET attempts = attempts + 1, next_at = :next, last_error = :why,
                                       lease_owner = NULL, lease_until = NULL WHERE id = :id""")
                        .bind("next", now + pause)
                        .bind("why", why.why())
                        .bind("id", p.id())
                        .execute();
                return 0;
            }
        }
    }

    /** What binds a sealed item to its row: another row's ciphertext does not open here. */
    static String associated(String id, String subjectId, int position) {
        return "fulcrum preserved media\n" + id + "\n" + subjectId + "\n" + position;
    }

    private static final String SELECT = """
            SELECT id, hold_id, subject_id, position, url, attempts, next_at, last_error FROM media_preservation""";

    private static Pending pending(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Pending(
                rs.getString("id"),
                rs.getString("hold_id"),
                rs.getString("subject_id"),
                rs.getInt("position"),
                rs.getString("url"),
                rs.getInt("attempts"),
                Instant.ofEpochMilli(rs.getLong("next_at")),
                Columns.optionalString(rs, "last_error"));
    }

    /** Fetches still to do for {@code subjectId}, or all when empty. */
    public List<Pending> pending(Optional<String> subjectId) {
        return db.read(h -> {
            var q = h.createQuery(SELECT + (subjectId.isPresent() ? " WHERE subject_id = :s" : "")
                    + " ORDER BY next_at, id LIMIT 500");
            subjectId.ifPresent(s -> q.bind("s", s));
            return q.map(MediaEvidence::pending).list();
        });
    }

    private static final String ITEM = """
            SELECT id, hold_id, subject_id, position, media_id, content_type, size_bytes, captured_at FROM preserved_media""";

    private static Item item(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Item(
                rs.getString("id"),
                rs.getString("hold_id"),
                rs.getString("subject_id"),
                rs.getInt("position"),
                Columns.optionalString(rs, "media_id"),
                rs.getString("content_type"),
                rs.getLong("size_bytes"),
                Instant.ofEpochMilli(rs.getLong("captured_at")));
    }

    /** The preserved media of {@code subjectId}, one per position (the latest copy), by position. */
    public List<Item> of(String subjectId) {
        return db.read(h -> of(h, subjectId));
    }

    public static List<Item> of(Handle h, String subjectId) {
        List<Item> all = h.createQuery(ITEM + " WHERE subject_id = :s ORDER BY position, captured_at DESC, id DESC")
                .bind("s", subjectId)
                .map(MediaEvidence::item)
                .list();
        List<Item> latest = new ArrayList<>();
        for (Item i : all) {
            if (latest.isEmpty() || latest.getLast().position() != i.position()) {
                latest.add(i);
            }
        }
        return latest;
    }

    /** The preserved item at {@code position} of {@code subjectId}, opened; empty when none is kept. */
    public Optional<Opened> open(String subjectId, int position) {
        record Sealed(Item item, byte[] sealed) {}
        return db.read(h -> h.createQuery(ITEM.replace(" FROM", ", sealed FROM")
                                + " WHERE subject_id = :s AND position = :p ORDER BY captured_at DESC, id DESC LIMIT 1")
                        .bind("s", subjectId)
                        .bind("p", position)
                        .map((rs, ctx) -> new Sealed(item(rs, ctx), rs.getBytes("sealed")))
                        .findOne())
                .flatMap(row -> {
                    Item item = row.item();
                    return key.open(row.sealed(), associated(item.id(), item.subjectId(), item.position()))
                            .map(bytes -> new Opened(item, bytes));
                });
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
