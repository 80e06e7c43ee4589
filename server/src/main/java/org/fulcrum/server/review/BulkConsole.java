package org.fulcrum.server.review;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Pages;

/**
 * Bulk decisions from the console, over the bulk service: a selection of queue rows, everything
 * matching a queue's filter, or a query. Each step keeps the form: the selection, then a dry run
 * that lists what would change (paged), then apply; every case decided or skipped is audited.
 */
public final class BulkConsole {
    private static final int PAGE = 25;
    private final Database db;
    private final Moderation m;
    private final Pages pages;
    private final Json json;

    BulkConsole(Database db, Moderation m, Pages pages, Json json) {
        this.db = db;
        this.m = m;
        this.pages = pages;
        this.json = json;
    }

    void routes(RoutesConfig r) {
        r.get(
                "/console/bulk",
                ctx -> render(ctx, Selection.query(ctx), List.of(), 0, DecisionDraft.EMPTY, Map.of(), Optional.empty()),
                Role.ADMIN,
                Role.MODERATOR);
        r.post("/console/bulk", this::post, Role.ADMIN, Role.MODERATOR);
    }

    /**
     * Which cases a bulk decision covers: rows picked in a queue, all that match a queue's filter,
     * or a query by queue, reason, channel, author and country.
     */
    public record Selection(
            String scope,
            List<String> caseIds,
            String queueId,
            String filter,
            String reason,
            String containerId,
            String authorId,
            String country) {
        static Selection query(Context ctx) {
            List<String> ids = ctx.formParams("caseId").stream()
                    .filter(v -> v.matches("[a-z0-9_]{1,64}"))
                    .limit(Bulk.MAX_CASES)
                    .toList();
            String scope = Optional.ofNullable(ctx.formParam("scope")).orElse(ids.isEmpty() ? "query" : "ids");
            return new Selection(
                    scope.equals("ids") || scope.equals("filter") ? scope : "query",
                    ids,
                    v(ctx, "queueId"),
                    v(ctx, "filter"),
                    v(ctx, "reason"),
                    v(ctx, "containerId"),
                    v(ctx, "authorId"),
                    v(ctx, "country"));
        }

        private static String v(Context ctx, String name) {
            String s = ctx.formParam(name);
            return s == null ? "" : s.strip().length() > 500 ? s.strip().substring(0, 500) : s.strip();
        }
    }

    /** The case ids a selection names now; an invalid query is an error naming its field. */
    private List<String> resolve(Selection s) {
        return switch (s.scope()) {
            case "ids" -> s.caseIds();
            case "filter" -> {
                Queue q = m.queues().require(s.queueId());
                QueueView.Filter f = QueueView.Filter.read(ReviewConsole.parseQuery(s.filter()));
                yield db
                        .read(h ->
                                QueueView.load(h, json, q.id(), f, m.cases().now(), q.slaMinutes(), Bulk.MAX_CASES, 0))
                        .rows()
                        .stream()
                        .map(r -> r.c().id())
                        .toList();
            }
            default -> {
                Optional<Reason> reason = Optional.of(s.reason())
                        .filter(x -> !x.isEmpty())
                        .map(x -> {
                            try {
                                return Reason.valueOf(x);
                            } catch (IllegalArgumentException e) {
                                throw new FulcrumException.InvalidInput(
                                        "reason", "is not a reason we know, such as spam or scam");
                            }
                        });
                Bulk.Query q = new Bulk.Query(
                        opt(s.queueId()),
                        reason,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        opt(s.country()).map(c -> c.toUpperCase(java.util.Locale.ROOT)),
                        opt(s.containerId()),
                        opt(s.authorId()),
                        Optional.empty());
                yield db.read(h -> Bulk.select(h, q));
            }
        };
    }

    private void post(Context ctx) {
        Selection sel = Selection.query(ctx);
        String step = Optional.ofNullable(ctx.formParam("step")).orElse("dryrun");
        DecisionDraft draft = DecisionDraft.of(ctx);
        int page = 0;
        if (step.matches("page-[0-9]{1,3}")) {
            // Paging keeps the form: the listing is shown again at the page asked for.
            page = Integer.parseInt(step.substring(5));
            step = draft.ground().isBlank() ? "select" : "dryrun";
        }
        List<String> ids;
        try {
            ids = resolve(sel);
        } catch (FulcrumException e) {
            ctx.status(422);
            render(ctx, sel, List.of(), page, draft, Map.of(selectionField(e), message(e)), Optional.empty());
            return;
        }
        if (step.equals("select")) {
            render(ctx, sel, ids, page, DecisionDraft.EMPTY, Map.of(), Optional.empty());
            return;
        }
        Bulk.Result result;
        try {
            if (ids.isEmpty()) {
                throw new FulcrumException.InvalidInput("selection", "nothing is selected: no open case matches");
            }
            boolean dryRun = !step.equals("apply");
            result = m.bulk()
                    .run(
                            actor(ctx),
                            new Bulk.Request(Optional.of(ids), Optional.empty(), DecisionForm.read(ctx), dryRun));
        } catch (FulcrumException e) {
            var err = e instanceof FulcrumException.InvalidInput i && i.field().equals("selection")
                    ? Map.entry("selection", "Nothing is selected: no open case matches.")
                    : DecisionDraft.error(e);
            ctx.status(422);
            render(ctx, sel, ids, page, draft, Map.of(err.getKey(), err.getValue()), Optional.empty());
            return;
        }
        if (!result.dryRun()) {
            String actor = actor(ctx);
            db.write(tx -> {
                for (Bulk.Decided d : result.decided()) {
                    Audit.record(tx, actor, "case.bulk_item", d.caseId(), draft.ground(), "decided: " + d.decisionId());
                }
                for (Bulk.Skipped s : result.skipped()) {
                    Audit.record(tx, actor, "case.bulk_item", s.caseId(), draft.ground(), "skipped: " + s.reason());
                }
                return null;
            });
        }
        render(ctx, sel, ids, page, draft, Map.of(), Optional.of(result));
    }

    /** A listed case: the case and its text excerpt. */
    public record Item(Case c, Optional<String> excerpt) {}

    private void render(
            Context ctx,
            Selection sel,
            List<String> ids,
            int page,
            DecisionDraft draft,
            Map<String, String> errors,
            Optional<Bulk.Result> result) {
        int from = Math.min(ids.size(), page * PAGE);
        List<String> slice = ids.subList(from, Math.min(ids.size(), from + PAGE));
        List<Item> items = db.read(h -> {
            List<Item> out = new ArrayList<>();
            for (String id : slice) {
                Cases.find(h, id)
                        .ifPresent(c -> out.add(new Item(
                                c,
                                h.createQuery("SELECT text_content FROM subject_content WHERE subject_id = :s")
                                        .bind("s", c.subjectId())
                                        .mapTo(String.class)
                                        .findOne()
                                        .filter(t -> t != null && !t.isBlank())
                                        .map(QueueView::excerpt))));
            }
            return out;
        });
        Map<String, Object> p = new HashMap<>();
        p.put("queues", m.queues().list());
        p.put("sel", sel);
        p.put("ids", ids);
        p.put("items", items);
        p.put("page", page);
        p.put("pages", (ids.size() + PAGE - 1) / PAGE);
        p.put("draft", draft);
        p.put("errors", errors);
        p.put("result", result);
        pages.render(ctx, "review/bulk.jte", "Bulk decisions", p);
    }

    private static String selectionField(FulcrumException e) {
        return e instanceof FulcrumException.InvalidInput i ? i.field() : "selection";
    }

    private static String message(FulcrumException e) {
        String m = e.getMessage();
        return Character.toUpperCase(m.charAt(0)) + m.substring(1) + ".";
    }

    private static Optional<String> opt(String v) {
        return Optional.of(v).filter(x -> !x.isEmpty());
    }

    private static String actor(Context ctx) {
        return Access.staff(ctx).actor();
    }
}
