package org.fulcrum.server.platform;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Json;

/**
 * Ingests batches of content events: one transaction per batch, idempotent on event id (a retried
 * event is reported as a duplicate and changes nothing), subjects created or refreshed, the
 * content copy kept up to date. Accepted events go to the listeners (detection) after the commit.
 */
public final class EventIngest {
    private final Database db;
    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();

    public EventIngest(Database db) {
        this.db = db;
    }

    /** Receives events once they are durably recorded. */
    public interface EventListener {
        void accepted(List<ContentEvent> events);
    }

    public void listen(EventListener listener) {
        listeners.add(listener);
    }

    public EventBatch.Result ingest(EventBatch batch) {
        List<ContentEvent> accepted = new ArrayList<>();
        EventBatch.Result result = db.write(tx -> {
            accepted.clear();
            var h = tx.handle();
            long now = tx.now().toEpochMilli();
            List<EventBatch.EventResult> results = new ArrayList<>(batch.events().size());
            Set<String> seen = new HashSet<>();
            int dup = 0;
            for (ContentEvent e : batch.events()) {
                boolean exists = !seen.add(e.eventId()) || h.createQuery(
                                "SELECT COUNT(*) FROM content_event WHERE event_id = :id")
                        .bind("id", e.eventId()).mapTo(Integer.class).one() > 0;
                if (exists) {
                    dup++;
                    results.add(new EventBatch.EventResult(e.eventId(), "duplicate"));
                    continue;
                }
                h.createUpdate("""
                        INSERT INTO content_event (event_id, subject_id, type, occurred_at, received_at, body)
                        VALUES (:id, :subject, :type, :occurred, :now, :body)""")
                        .bind("id", e.eventId()).bind("subject", e.subjectId()).bind("type", e.type().name())
                        .bind("occurred", e.occurredAt().toEpochMilli()).bind("now", now)
                        .bind("body", Json.write(e)).execute();
                e.authorId().ifPresent(a -> Subjects.ensure(h, a, SubjectKind.account, e.country().orElse(null), now));
                e.containerId().ifPresent(c -> Subjects.ensure(h, c, e.containerKind().orElse(SubjectKind.channel), null, now));
                Subjects.upsert(h, e, now);
                if (e.type() == ContentEvent.EventType.deleted) {
                    h.createUpdate("DELETE FROM subject_content WHERE subject_id = :id").bind("id", e.subjectId())
                            .execute();
                } else if (e.text().isPresent() || !e.mediaList().isEmpty()) {
                    int n = h.createUpdate("""
                            UPDATE subject_content SET text_content = :text, media = :media, updated_at = :now
                            WHERE subject_id = :id""")
                            .bind("text", e.text().orElse(null)).bind("media", Json.write(e.mediaList()))
                            .bind("now", now).bind("id", e.subjectId()).execute();
                    if (n == 0) {
                        h.createUpdate("""
                                INSERT INTO subject_content (subject_id, text_content, media, updated_at)
                                VALUES (:id, :text, :media, :now)""")
                                .bind("text", e.text().orElse(null)).bind("media", Json.write(e.mediaList()))
                                .bind("now", now).bind("id", e.subjectId()).execute();
                    }
                }
                accepted.add(e);
                results.add(new EventBatch.EventResult(e.eventId(), "accepted"));
            }
            return new EventBatch.Result(batch.events().size() - dup, dup, results);
        });
        if (!accepted.isEmpty()) {
            List<ContentEvent> copy = List.copyOf(accepted);
            for (EventListener l : listeners) {
                l.accepted(copy);
            }
        }
        return result;
    }
}
