package org.fulcrum.server.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.platform.Subjects;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs sweeps in the background, one virtual thread per running sweep: a page of subjects past the
 * sweep's cursor at a time, one unit of work per subject, each checking the sweep still runs and
 * the subject was not done before, then the cursor moved on. A failure ends the sweep as failed.
 */
final class SweepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);

    private final Database db;
    private final Json json;
    private final ModerationDecisions decisions;
    private final Set<String> runners = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    SweepRunner(Database db, ModerationDecisions decisions, Json json) {
        this.db = db;
        this.decisions = decisions;
        this.json = json;
    }

    /** Runs sweep {@code id} in the background, unless this node runs it already. */
    void run(String id) {
        if (runners.add(id)) {
            Thread.ofVirtual().name("fulcrum-sweep-" + id).start(() -> {
                try {
                    work(id);
                } finally {
                    runners.remove(id);
                }
            });
        }
    }

    private void work(String id) {
        try {
            record Job(String query, String decision, String cursor) {}
            Job job = db.read(h -> h.createQuery("SELECT query, decision, cursor FROM review_sweep WHERE id = :id")
                    .bind("id", id)
                    .map((rs, ctx) -> new Job(rs.getString("query"), rs.getString("decision"), rs.getString("cursor")))
                    .one());
            Sweeps.Query query = json.mapper().readValue(job.query(), Sweeps.Query.class);
            DecisionRequest decision = json.mapper().readValue(job.decision(), DecisionRequest.class);
            String actor = db.read(h -> h.createQuery("SELECT requested_by FROM review_sweep WHERE id = :id")
                    .bind("id", id)
                    .mapTo(String.class)
                    .one());
            String cursor = job.cursor();
            while (!closing && "running".equals(currentStatus(id))) {
                String after = cursor;
                List<String> subjects = db.read(h -> Sweeps.select(h, query, after, Sweeps.UNIT, false));
                if (subjects.isEmpty()) {
                    db.write(tx -> tx.handle()
                            .createUpdate("""
                                    UPDATE review_sweep SET status = 'done', finished_at = :now, updated_at = :now
                                    WHERE id = :id AND status = 'running'""")
                            .bind("now", tx.now().toEpochMilli())
                            .bind("id", id)
                            .execute());
                    return;
                }
                decideAll(id, actor, subjects, decision);
                cursor = subjects.getLast();
                String last = cursor;
                // Only while still running: after a pause mid-page, a resume reads the page again and
                // passes over what was done (review_sweep_item).
                db.write(tx -> tx.handle()
                        .createUpdate("""
                                UPDATE review_sweep SET cursor = :c, updated_at = :now WHERE id = :id AND status = 'running'""")
                        .bind("c", last)
                        .bind("now", tx.now().toEpochMilli())
                        .bind("id", id)
                        .execute());
            }
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.atError().addKeyValue("sweep", id).setCause(e).log("sweep failed");
            db.write(tx -> tx.handle()
                    .createUpdate("""
                            UPDATE review_sweep SET status = 'failed', error = :e, finished_at = :now, updated_at = :now
                            WHERE id = :id""")
                    .bind("e", String.valueOf(e.getMessage()))
                    .bind("now", tx.now().toEpochMilli())
                    .bind("id", id)
                    .execute());
        }
    }

    private String currentStatus(String id) {
        return db.read(h -> h.createQuery("SELECT status FROM review_sweep WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .one());
    }

    /** One unit per subject, submitted together so the writer groups them; a failure stays with its subject. */
    private void decideAll(String id, String actor, List<String> subjects, DecisionRequest decision) {
        List<Future<Object>> units = new ArrayList<>();
        try (var writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String subject : subjects) {
                units.add(writers.submit(() -> {
                    try {
                        return db.write(tx -> decideOne(tx, id, actor, subject, decision));
                    } catch (FulcrumException e) {
                        return db.write(tx -> skip(tx, id, subject, e.getMessage()));
                    }
                }));
            }
        }
        for (Future<Object> f : units) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FulcrumException.Unavailable("interrupted");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
        }
    }

    private Object decideOne(Tx tx, String id, String actor, String subjectId, DecisionRequest decision) {
        // Checked in the unit itself: once a pause or a cancel is committed, nothing more is decided.
        if (!"running".equals(Sweeps.status(tx, id)) || done(tx, id, subjectId)) {
            return null;
        }
        if (Cases.hasOpenCase(tx.handle(), subjectId)) {
            return skip(tx, id, subjectId, "has an open case; decide the case");
        }
        Subject s = Subjects.find(tx.handle(), subjectId).orElseThrow();
        String decisionId = decisions
                .apply(tx, actor, Optional.empty(), s, decision, "SOURCE_VOLUNTARY", true)
                .decision()
                .id();
        tx.handle()
                .createUpdate("""
                INSERT INTO review_sweep_item (sweep_id, subject_id, outcome, decision_id) VALUES (:id, :s, 'decided', :d)""")
                .bind("id", id)
                .bind("s", subjectId)
                .bind("d", decisionId)
                .execute();
        tx.handle()
                .createUpdate("UPDATE review_sweep SET decided = decided + 1 WHERE id = :id")
                .bind("id", id)
                .execute();
        return null;
    }

    private static boolean done(Tx tx, String id, String subjectId) {
        return tx.handle()
                        .createQuery("SELECT COUNT(*) FROM review_sweep_item WHERE sweep_id = :id AND subject_id = :s")
                        .bind("id", id)
                        .bind("s", subjectId)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    private static Object skip(Tx tx, String id, String subjectId, String reason) {
        if (!"running".equals(Sweeps.status(tx, id)) || done(tx, id, subjectId)) {
            return null;
        }
        tx.handle()
                .createUpdate("""
                INSERT INTO review_sweep_item (sweep_id, subject_id, outcome, reason) VALUES (:id, :s, 'skipped', :r)""")
                .bind("id", id)
                .bind("s", subjectId)
                .bind("r", reason == null ? "" : reason)
                .execute();
        tx.handle()
                .createUpdate("UPDATE review_sweep SET skipped = skipped + 1 WHERE id = :id")
                .bind("id", id)
                .execute();
        return null;
    }

    /** Whether this node's runner of sweep {@code id} is still working; once it is not, nothing more is decided. */
    boolean working(String id) {
        return runners.contains(id);
    }

    /** Stops starting pages: each running sweep ends after its units in progress, still running in the store. */
    void close() {
        closing = true;
    }
}
