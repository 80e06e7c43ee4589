package org.fulcrum.server.review;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;

/**
 * Sweeps: one decision applied, on the operator's own initiative, to every subject a query selects
 * (every post of a channel, everything of an author), however many. No notice and no case is made
 * per item; each item still gets its decision citing the ground, its statement of reasons, its
 * strike and its log entry, exactly as a moderator's own-initiative decision. A sweep runs in the
 * background in units of one subject, {@link #UNIT} at a time, so the outbox keeps delivering in
 * between; it reports its progress, and can be paused, resumed and cancelled: each unit checks the
 * sweep is still running, so nothing is decided once a pause or a cancel is committed. Subjects with an open
 * case are skipped (decide the case). What was done to each subject is written with its decision,
 * so a sweep resumed after a pause or a restart never decides a subject twice ({@link SweepRunner}).
 */
public final class Sweeps implements AutoCloseable {
    static final int UNIT = 25;

    private final Database db;
    private final Json json;
    private final Clock clock;
    private final SweepRunner runner;

    public Sweeps(Database db, Clock clock, ModerationDecisions decisions, Json json) {
        this.json = json;
        this.db = db;
        this.clock = clock;
        this.runner = new SweepRunner(db, decisions, json);
    }

    /**
     * Which subjects a sweep selects; every field given must match, and at least one is needed.
     *
     * @param containerId the channel or group the subjects are in
     * @param authorId the subjects' author
     * @param kind the subject kind (post, media, channel, ...)
     * @param country the subjects' country
     */
    public record Query(
            Optional<String> containerId,
            Optional<String> authorId,
            Optional<SubjectKind> kind,
            Optional<String> country) {
        public Query {
            containerId = opt(containerId);
            containerId.ifPresent(v -> Check.id("query.containerId", v));
            authorId = opt(authorId);
            authorId.ifPresent(v -> Check.id("query.authorId", v));
            kind = opt(kind);
            country = opt(country);
            country.ifPresent(v -> Check.country("query.country", v));
            if (containerId.isEmpty() && authorId.isEmpty()) {
                throw new InvalidInput("query", "name a containerId or an authorId: a sweep never takes every subject");
            }
        }
    }

    /**
     * A sweep to start.
     *
     * @param query the subjects
     * @param decision the decision for each, citing its policy clause or legal ground
     * @param dryRun only count the subjects selected
     */
    public record Request(Query query, DecisionRequest decision, Boolean dryRun) {
        public Request {
            Check.required("query", query);
            Check.required("decision", decision);
            dryRun = dryRun != null && dryRun;
        }
    }

    /**
     * A sweep and its progress.
     *
     * @param status running, paused, cancelled, done, failed; {@code dry_run} for a count only
     * @param total subjects selected when it started
     */
    public record Sweep(
            String id,
            String status,
            long total,
            long decided,
            long skipped,
            Optional<String> error,
            String requestedBy,
            Instant startedAt,
            Optional<Instant> finishedAt) {
        /** Share of the selected subjects done, in percent. */
        public int percent() {
            return total == 0 ? 100 : (int) Math.min(100, (decided + skipped) * 100 / total);
        }
    }

    /** Starts a sweep (or, for a dry run, counts what it would select). */
    public Sweep start(String actor, Request r) {
        long total =
                db.read(h -> select(h, r.query(), "", Integer.MAX_VALUE, true).size());
        Instant now = clock.instant();
        if (r.dryRun()) {
            return new Sweep("", "dry_run", total, 0, 0, Optional.empty(), actor, now, Optional.of(now));
        }
        String id = Ids.next("sweep", clock);
        db.write(tx -> {
            tx.handle()
                    .createUpdate("""
                    INSERT INTO review_sweep (id, query, decision, status, total, requested_by, started_at, updated_at)
                    VALUES (:id, :q, :d, 'running', :total, :by, :now, :now)""")
                    .bind("id", id)
                    .bind("q", json.write(r.query()))
                    .bind("d", json.write(r.decision()))
                    .bind("total", total)
                    .bind("by", actor)
                    .bind("now", tx.now().toEpochMilli())
                    .execute();
            Audit.record(tx, actor, "sweep.start", id, r.decision().ground(), total + " subjects selected");
            return null;
        });
        runner.run(id);
        return find(id);
    }

    /** Stops a running sweep after the units in progress; {@link #resume} goes on from there. */
    public Sweep pause(String actor, String id) {
        return change(actor, id, "sweep.pause", "paused", Set.of("running"));
    }

    public Sweep resume(String actor, String id) {
        Sweep s = change(actor, id, "sweep.resume", "running", Set.of("paused"));
        runner.run(id);
        return s;
    }

    /** Stops a running or paused sweep for good; what it decided stays decided. */
    public Sweep cancel(String actor, String id) {
        return change(actor, id, "sweep.cancel", "cancelled", Set.of("running", "paused"));
    }

    private Sweep change(String actor, String id, String what, String to, Set<String> from) {
        db.write(tx -> {
            String status = status(tx, id);
            if (!from.contains(status)) {
                throw new FulcrumException.Conflict("sweep " + id + " is " + status);
            }
            tx.handle()
                    .createUpdate("UPDATE review_sweep SET status = :s, updated_at = :now"
                            + (to.equals("cancelled") ? ", finished_at = :now" : "") + " WHERE id = :id")
                    .bind("s", to)
                    .bind("now", tx.now().toEpochMilli())
                    .bind("id", id)
                    .execute();
            Audit.record(tx, actor, what, id, null, to);
            return null;
        });
        return find(id);
    }

    static String status(Tx tx, String id) {
        return tx.handle()
                .createQuery("SELECT status FROM review_sweep WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne()
                .orElseThrow(() -> new FulcrumException.NotFound("sweep " + id));
    }

    /** Picks up the sweeps that were running when the server stopped. */
    public Sweeps resumeRunning() {
        db.read(h -> h.createQuery("SELECT id FROM review_sweep WHERE status = 'running'")
                        .mapTo(String.class)
                        .list())
                .forEach(runner::run);
        return this;
    }

    /** The subjects {@code q} selects past {@code after}, at most {@code limit} unless {@code all}. */
    static List<String> select(org.jdbi.v3.core.Handle h, Query q, String after, int limit, boolean all) {
        StringBuilder sql = new StringBuilder("SELECT id FROM subject WHERE id > :after");
        q.containerId().ifPresent(v -> sql.append(" AND container_id = :container"));
        q.authorId().ifPresent(v -> sql.append(" AND author_id = :author"));
        q.kind().ifPresent(v -> sql.append(" AND kind = :kind"));
        q.country().ifPresent(v -> sql.append(" AND country = :country"));
        sql.append(" ORDER BY id").append(all ? "" : " LIMIT :limit");
        var query = h.createQuery(sql.toString()).bind("after", after);
        if (!all) {
            query.bind("limit", limit);
        }
        q.containerId().ifPresent(v -> query.bind("container", v));
        q.authorId().ifPresent(v -> query.bind("author", v));
        q.kind().ifPresent(v -> query.bind("kind", v.name()));
        q.country().ifPresent(v -> query.bind("country", v));
        return query.mapTo(String.class).list();
    }

    public List<Sweep> list(int limit) {
        return db.read(h -> h.createQuery("SELECT * FROM review_sweep ORDER BY started_at DESC LIMIT :n")
                .bind("n", limit)
                .map((rs, ctx) -> sweep(rs))
                .list());
    }

    public Sweep find(String id) {
        return db.read(h -> h.createQuery("SELECT * FROM review_sweep WHERE id = :id")
                        .bind("id", id)
                        .map((rs, ctx) -> sweep(rs))
                        .findOne())
                .orElseThrow(() -> new FulcrumException.NotFound("sweep " + id));
    }

    private static Sweep sweep(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Sweep(
                rs.getString("id"),
                rs.getString("status"),
                rs.getLong("total"),
                rs.getLong("decided"),
                rs.getLong("skipped"),
                Optional.ofNullable(rs.getString("error")),
                rs.getString("requested_by"),
                Instant.ofEpochMilli(rs.getLong("started_at")),
                Columns.optionalInstant(rs, "finished_at"));
    }

    private static <T> Optional<T> opt(Optional<T> o) {
        return o == null ? Optional.empty() : o;
    }

    /** Whether this node is still working on sweep {@code id}: after a pause or cancel, until its units in progress end. */
    boolean working(String id) {
        return runner.working(id);
    }

    @Override
    public void close() {
        runner.close();
    }
}
