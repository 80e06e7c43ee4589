package org.fulcrum.server.review;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.notice.DsaCategory;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.notice.Source;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Omittable;
import org.jdbi.v3.core.Handle;

/**
 * Bulk decisions: one decision applied to a selection of cases or to every open case matching a
 * query (a raid of spam posts, every post of one channel). Cases another moderator holds are
 * skipped, never taken; each case is decided in its own unit of work, so one that fails (an action
 * that does not fit its subject) is reported and the others go ahead. A dry run only counts.
 */
public final class Bulk {
    public static final int MAX_CASES = 1_000;

    private final Database db;
    private final Cases cases;
    private final ModerationDecisions decisions;

    public Bulk(Database db, Cases cases, ModerationDecisions decisions) {
        this.db = db;
        this.cases = cases;
        this.decisions = decisions;
    }

    /**
     * Which open cases a query selects; every field given must match.
     *
     * @param queueId the queue
     * @param reason the case reason
     * @param category the DSA category
     * @param source the case source
     * @param subjectKind the subject kind
     * @param country the author's country
     * @param containerId the channel or group the subject is in
     * @param authorId the subject's author
     * @param limit at most this many cases (default and maximum {@value #MAX_CASES})
     */
    public record Query(
            Optional<String> queueId,
            Optional<Reason> reason,
            Optional<DsaCategory> category,
            Optional<Source> source,
            Optional<SubjectKind> subjectKind,
            Optional<String> country,
            Optional<String> containerId,
            Optional<String> authorId,
            Optional<Integer> limit) {
        public Query {
            queueId = opt(queueId);
            queueId.ifPresent(v -> Check.id("queueId", v));
            reason = opt(reason);
            category = opt(category);
            source = opt(source);
            subjectKind = opt(subjectKind);
            country = opt(country);
            country.ifPresent(v -> Check.country("country", v));
            containerId = opt(containerId);
            containerId.ifPresent(v -> Check.id("containerId", v));
            authorId = opt(authorId);
            authorId.ifPresent(v -> Check.id("authorId", v));
            limit = opt(limit);
            limit.ifPresent(l -> {
                if (l < 1 || l > MAX_CASES) {
                    throw new InvalidInput("limit", "must be between 1 and " + MAX_CASES);
                }
            });
            if (queueId.isEmpty()
                    && reason.isEmpty()
                    && category.isEmpty()
                    && source.isEmpty()
                    && subjectKind.isEmpty()
                    && country.isEmpty()
                    && containerId.isEmpty()
                    && authorId.isEmpty()) {
                throw new InvalidInput("query", "name at least one condition");
            }
        }
    }

    /**
     * A bulk decision: a selection or a query, and the decision to apply.
     *
     * @param caseIds the selected cases (at most {@value #MAX_CASES})
     * @param query the query selecting cases instead
     * @param decision the decision for each case
     * @param dryRun only report what would be selected
     */
    public record Request(
            Optional<List<String>> caseIds,
            Optional<Query> query,
            DecisionRequest decision,
            @Omittable Boolean dryRun) {
        public Request {
            caseIds = opt(caseIds).map(l -> List.copyOf(new LinkedHashSet<>(Lists.copy("caseIds", l, MAX_CASES))));
            query = opt(query);
            if (caseIds.isPresent() == query.isPresent()) {
                throw new InvalidInput("caseIds", "give exactly one of caseIds and query");
            }
            caseIds.ifPresent(l -> {
                if (l.isEmpty() || l.size() > MAX_CASES) {
                    throw new InvalidInput("caseIds", "select 1 to " + MAX_CASES + " cases");
                }
                l.forEach(id -> Check.id("caseIds", id));
            });
            Check.required("decision", decision);
            dryRun = dryRun != null && dryRun;
        }
    }

    /** A case left out, and why. */
    public record Skipped(String caseId, String reason) implements Outcome {}

    /**
     * What a bulk decision did.
     *
     * @param selected cases selected
     * @param decided cases decided, with their decision ids
     * @param skipped cases left out
     * @param dryRun whether nothing was done
     */
    public record Result(int selected, List<Decided> decided, List<Skipped> skipped, boolean dryRun) {}

    /** One case decided. */
    public record Decided(String caseId, String decisionId) implements Outcome {}

    public Result run(String actor, Request r) {
        List<String> ids =
                r.caseIds().orElseGet(() -> db.read(h -> select(h, r.query().orElseThrow())));
        if (r.dryRun()) {
            return new Result(ids.size(), List.of(), List.of(), true);
        }
        // One write unit per case, submitted together: the group-commit writer commits them in a few
        // transactions, and a case that fails rolls back alone (with its log entries).
        List<Future<Outcome>> futures = new ArrayList<>(ids.size());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String id : ids) {
                futures.add(pool.submit(() -> decideOne(actor, id, r.decision())));
            }
        }
        List<Decided> decided = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            switch (join(futures.get(i), ids.get(i))) {
                case Decided d -> decided.add(d);
                case Skipped sk -> skipped.add(sk);
            }
        }
        db.write(tx -> {
            Audit.record(
                    tx,
                    actor,
                    "case.bulk_decide",
                    null,
                    r.decision().ground(),
                    ids.size() + " selected, " + decided.size() + " decided, " + skipped.size() + " skipped");
            return null;
        });
        return new Result(ids.size(), decided, skipped, false);
    }

    /** What happened to one case of a bulk decision. */
    public sealed interface Outcome permits Decided, Skipped {}

    private Outcome decideOne(String actor, String id, DecisionRequest decision) {
        try {
            return db.write(tx -> {
                Optional<Case> c = Cases.find(tx.handle(), id);
                if (c.isEmpty()) {
                    return new Skipped(id, "no such case");
                }
                if (!c.get().open()) {
                    return new Skipped(id, "already decided");
                }
                if (c.get().claim().heldByOther(actor, tx.now())) {
                    return new Skipped(id, "claimed by another moderator");
                }
                cases.claim(tx, actor, id);
                return new Decided(
                        id,
                        decisions.decideCase(tx, actor, id, decision).decision().id());
            });
        } catch (FulcrumException e) {
            return new Skipped(id, e.getMessage());
        }
    }

    private static Outcome join(Future<Outcome> f, String id) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Skipped(id, "interrupted");
        } catch (ExecutionException e) {
            return new Skipped(id, String.valueOf(e.getCause().getMessage()));
        }
    }

    static List<String> select(Handle h, Query q) {
        StringBuilder sql = new StringBuilder("""
                SELECT c.id FROM review_case c JOIN subject s ON s.id = c.subject_id WHERE c.status = 'open'""");
        q.queueId().ifPresent(v -> sql.append(" AND c.queue_id = :queue"));
        q.reason().ifPresent(v -> sql.append(" AND c.reason = :reason"));
        q.category().ifPresent(v -> sql.append(" AND c.category = :category"));
        q.source().ifPresent(v -> sql.append(" AND c.source = :source"));
        q.subjectKind().ifPresent(v -> sql.append(" AND c.subject_kind = :kind"));
        q.country().ifPresent(v -> sql.append(" AND s.country = :country"));
        q.containerId().ifPresent(v -> sql.append(" AND s.container_id = :container"));
        q.authorId().ifPresent(v -> sql.append(" AND s.author_id = :author"));
        sql.append(" ORDER BY c.priority DESC, c.first_notice_at, c.id LIMIT :limit");
        var query = h.createQuery(sql.toString()).bind("limit", q.limit().orElse(MAX_CASES));
        q.queueId().ifPresent(v -> query.bind("queue", v));
        q.reason().ifPresent(v -> query.bind("reason", v.name()));
        q.category().ifPresent(v -> query.bind("category", v.name()));
        q.source().ifPresent(v -> query.bind("source", v.name()));
        q.subjectKind().ifPresent(v -> query.bind("kind", v.name()));
        q.country().ifPresent(v -> query.bind("country", v));
        q.containerId().ifPresent(v -> query.bind("container", v));
        q.authorId().ifPresent(v -> query.bind("author", v));
        return query.mapTo(String.class).list();
    }

    private static <T> Optional<T> opt(Optional<T> o) {
        return o == null ? Optional.empty() : o;
    }
}
