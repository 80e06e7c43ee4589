package org.fulcrum.server.platform;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.store.Database;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Ingests batches of content events: one transaction per batch, idempotent on event id (a retried
 * event is reported as a duplicate and changes nothing), subjects created or refreshed, the
 * content copy kept up to date. Statements run as JDBC batches ({@code ON CONFLICT} upserts work on
 * SQLite and PostgreSQL alike). Accepted events go to the listeners (detection) after the commit.
 */
public final class EventIngest {
    private final Database db;
    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();
    private final MediaHashing hashing;
    private final Json json;

    /** An ingest that refuses media bytes and tells no listener (tests that only need events stored). */
    public EventIngest(Database db, Json json) {
        this(db, json, EventIngest::refuseBytes, List.of());
    }

    /**
     * @param hashing replaces media bytes by their hashes before anything is stored
     * @param listeners told of each batch before it is recorded (to refuse it) and after (detection)
     */
    public EventIngest(Database db, Json json, MediaHashing hashing, List<EventListener> listeners) {
        this.db = db;
        this.json = json;
        this.hashing = hashing;
        this.listeners.addAll(listeners);
    }

    /** The hashing of a server that hashes no media: bytes are refused, hashes are taken as sent. */
    public static List<ContentEvent> refuseBytes(List<ContentEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            for (int j = 0; j < events.get(i).mediaList().size(); j++) {
                if (events.get(i).mediaList().get(j).needsHashing()) {
                    throw new org.fulcrum.server.core.FulcrumException.InvalidInput(
                            "events[" + i + "].media[" + j + "]",
                            "this server does not hash media; send md5, sha256, pdq or vpdq");
                }
            }
        }
        return events;
    }

    /** Receives events once they are durably recorded. */
    public interface EventListener {
        void accepted(List<ContentEvent> events);

        /**
         * Asked before a batch of {@code count} events is recorded: a listener that could not take
         * them now throws {@link org.fulcrum.server.core.FulcrumException.Unavailable}, so the platform
         * retries later instead of events going unprocessed (backpressure).
         */
        default void admit(int count, long textChars) {}
    }

    /** Adds an observer after the listeners ingest was built with (tests watch ingestion through it). */
    public void listen(EventListener listener) {
        listeners.add(listener);
    }

    /**
     * Replaces media bytes by their hashes before anything is stored; throws
     * {@link org.fulcrum.server.core.FulcrumException.InvalidInput} naming an image it cannot decode, or
     * {@link org.fulcrum.server.core.FulcrumException.Unavailable} when its workers are all busy.
     */
    public interface MediaHashing {
        List<ContentEvent> hash(List<ContentEvent> events);
    }

    public EventBatch.Result ingest(EventBatch batch) {
        List<ContentEvent> events = hashing.hash(batch.events());
        long chars = 0;
        for (ContentEvent e : events) {
            chars += e.text().map(String::length).orElse(0);
        }
        for (EventListener l : listeners) {
            l.admit(events.size(), chars);
        }
        // Serialise outside the writer thread: it is the one resource every request shares.
        List<ContentEvent> unique = new ArrayList<>(events.size());
        Set<String> seen = new HashSet<>();
        for (ContentEvent e : events) {
            if (seen.add(e.eventId())) {
                unique.add(e);
            }
        }
        List<String> bodies = unique.stream().map(json::write).toList();
        List<String> media = unique.stream().map(e -> json.write(e.mediaList())).toList();
        // Nodes ingesting at once upsert shared subjects, and a group commit holds every row its
        // earlier units locked: a deadlock between nodes is run again here, in a later group.
        List<ContentEvent> accepted = db.writeRetrying(
                tx -> insert(tx.handle(), unique, bodies, media, tx.now().toEpochMilli()));
        Set<String> acceptedIds = new HashSet<>();
        accepted.forEach(e -> acceptedIds.add(e.eventId()));
        List<EventBatch.EventResult> results = new ArrayList<>(batch.events().size());
        Set<String> reported = new HashSet<>();
        for (ContentEvent e : batch.events()) {
            boolean first = reported.add(e.eventId());
            results.add(new EventBatch.EventResult(
                    e.eventId(), first && acceptedIds.contains(e.eventId()) ? "accepted" : "duplicate"));
        }
        if (!accepted.isEmpty()) {
            for (EventListener l : listeners) {
                l.accepted(accepted);
            }
        }
        return new EventBatch.Result(accepted.size(), batch.events().size() - accepted.size(), results);
    }

    private static List<ContentEvent> insert(
            Handle h, List<ContentEvent> events, List<String> bodies, List<String> media, long now) {
        PreparedBatch log = h.prepareBatch("""
                INSERT INTO content_event (event_id, subject_id, type, occurred_at, received_at, body)
                VALUES (:id, :subject, :type, :occurred, :now, :body) ON CONFLICT (event_id) DO NOTHING""");
        for (int i = 0; i < events.size(); i++) {
            ContentEvent e = events.get(i);
            log.bind("id", e.eventId())
                    .bind("subject", e.subjectId())
                    .bind("type", e.type().name())
                    .bind("occurred", e.occurredAt().toEpochMilli())
                    .bind("now", now)
                    .bind("body", bodies.get(i))
                    .add();
        }
        int[] inserted = log.execute();
        List<ContentEvent> accepted = new ArrayList<>(events.size());
        List<Integer> acceptedIndex = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            if (inserted[i] > 0) {
                accepted.add(events.get(i));
                acceptedIndex.add(i);
            }
        }
        if (accepted.isEmpty()) {
            return accepted;
        }
        // Detection's durable backlog, in the unit that records the events: a crash before the scan
        // is recorded leaves the row, and the next start scans the event.
        PreparedBatch pending =
                h.prepareBatch("INSERT INTO detection_pending (event_id, received_at) VALUES (:id, :now)");
        accepted.forEach(e -> pending.bind("id", e.eventId()).bind("now", now).add());
        pending.execute();
        // Referenced authors and containers become subjects too, with what little is known. In id
        // order: nodes ingesting batches that share authors or channels then wait for each other's
        // rows in the same order, instead of deadlocking on PostgreSQL (seen with two and three nodes).
        Map<String, String[]> referenced = new java.util.TreeMap<>();
        for (ContentEvent e : accepted) {
            e.authorId()
                    .ifPresent(a -> referenced.putIfAbsent(a, new String[] {
                        SubjectKind.account.name(), e.country().orElse(null)
                    }));
            e.containerId()
                    .ifPresent(c -> referenced.putIfAbsent(c, new String[] {
                        e.containerKind().orElse(SubjectKind.channel).name(), null
                    }));
        }
        PreparedBatch ensure = h.prepareBatch("""
                INSERT INTO subject (id, kind, country, created_at, updated_at) VALUES (:id, :kind, :country, :now, :now)
                ON CONFLICT (id) DO NOTHING""");
        referenced.forEach((id, kc) -> ensure.bind("id", id)
                .bind("kind", kc[0])
                .bind("country", kc[1])
                .bind("now", now)
                .add());
        ensure.execute();

        PreparedBatch subjects = h.prepareBatch("""
                INSERT INTO subject (id, kind, container_id, author_id, country, language, audience,
                                     deleted_by_platform, created_at, updated_at)
                VALUES (:id, :kind, :container, :author, :country, :language, :audience, :deleted, :now, :now)
                ON CONFLICT (id) DO UPDATE SET
                  container_id = COALESCE(excluded.container_id, subject.container_id),
                  author_id = COALESCE(excluded.author_id, subject.author_id),
                  country = COALESCE(excluded.country, subject.country),
                  language = COALESCE(excluded.language, subject.language),
                  audience = CASE WHEN :audienceKnown = 1 THEN excluded.audience ELSE subject.audience END,
                  deleted_by_platform = excluded.deleted_by_platform,
                  updated_at = excluded.updated_at, version = subject.version + 1""");
        PreparedBatch content = h.prepareBatch("""
                INSERT INTO subject_content (subject_id, text_content, media, updated_at)
                VALUES (:id, :text, :media, :now)
                ON CONFLICT (subject_id) DO UPDATE SET text_content = excluded.text_content, media = excluded.media,
                  updated_at = excluded.updated_at""");
        PreparedBatch drop = h.prepareBatch("DELETE FROM subject_content WHERE subject_id = :id");
        boolean anyContent = false;
        boolean anyDrop = false;
        for (int k = 0; k < accepted.size(); k++) {
            ContentEvent e = accepted.get(k);
            boolean deleted = e.type() == ContentEvent.EventType.deleted;
            subjects.bind("id", e.subjectId())
                    .bind("kind", e.kind().name())
                    .bind("container", e.containerId().orElse(null))
                    .bind("author", e.authorId().orElse(null))
                    .bind("country", e.country().orElse(null))
                    .bind("language", e.language().orElse(null))
                    .bind("audience", e.audience().orElse(0L))
                    .bind("audienceKnown", e.audience().isPresent() ? 1 : 0)
                    .bind("deleted", deleted ? 1 : 0)
                    .bind("now", now)
                    .add();
            if (deleted) {
                drop.bind("id", e.subjectId()).add();
                anyDrop = true;
            } else if (e.text().isPresent() || !e.mediaList().isEmpty()) {
                content.bind("id", e.subjectId())
                        .bind("text", e.text().orElse(null))
                        .bind("media", media.get(acceptedIndex.get(k)))
                        .bind("now", now)
                        .add();
                anyContent = true;
            }
        }
        subjects.execute();
        if (anyContent) {
            content.execute();
        }
        if (anyDrop) {
            drop.execute();
        }
        return accepted;
    }
}
