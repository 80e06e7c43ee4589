package org.fulcrum.server.review;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.notice.SafetyTasks;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;

/** The review API: queues and routing, cases and claims, decisions, bulk decisions, SLA alerts, strikes. */
public final class ReviewFeature implements Feature {
    private static final Role[] STAFF = {Role.ADMIN, Role.MODERATOR, Role.LEGAL, Role.AUDITOR};
    private static final Role[] DECIDERS = {Role.ADMIN, Role.MODERATOR};

    private final Database db;
    private final Queues queues;
    private final Cases cases;
    private final ModerationDecisions decisions;
    private final Bulk bulk;
    private final SlaMonitor sla;
    private final SafetyTasks tasks;
    private final Bodies bodies;
    private final Json json;
    private final CaseNotes notes;

    public ReviewFeature(
            Database db,
            Queues queues,
            Cases cases,
            ModerationDecisions decisions,
            Bulk bulk,
            SlaMonitor sla,
            SafetyTasks tasks,
            Bodies bodies,
            Json json) {
        this.db = db;
        this.queues = queues;
        this.cases = cases;
        this.decisions = decisions;
        this.bulk = bulk;
        this.sla = sla;
        this.tasks = tasks;
        this.bodies = bodies;
        this.json = json;
        this.notes = new CaseNotes(db, queues);
    }

    /** Queue figures. */
    public record QueueList(List<Queue.Stats> queues) {}

    /** Routing rules in the order they are tried. */
    public record RuleList(List<RoutingRule> rules) {}

    /** A page of a queue's open cases, in review order. */
    public record CaseList(List<Case> cases) {}

    /** A case's internal notes, newest first. */
    public record NoteList(List<CaseNotes.Note> notes) {}

    /** Open cases escalated to the caller, oldest escalation first. */
    public record EscalationList(List<CaseNotes.Escalation> escalations) {}

    /** Open SLA alerts. */
    public record AlertList(List<SlaMonitor.Alert> alerts) {}

    /** An account's strikes. */
    public record StrikeList(String accountId, List<Strikes.Strike> strikes) {}

    @Override
    public void routes(RoutesConfig r) {
        r.get("/v1/review/queues", ctx -> ctx.json(new QueueList(queues.stats())), STAFF);
        r.post(
                "/v1/review/queues",
                ctx -> ctx.status(201).json(queues.create(actor(ctx), bodies.json(ctx, Queue.Draft.class))),
                Role.ADMIN);
        r.get("/v1/review/routing-rules", ctx -> ctx.json(new RuleList(queues.rules())), STAFF);
        r.post(
                "/v1/review/routing-rules",
                ctx -> ctx.status(201).json(queues.addRule(actor(ctx), bodies.json(ctx, RoutingRule.Draft.class))),
                Role.ADMIN);
        r.delete(
                "/v1/review/routing-rules/{id}",
                ctx -> {
                    queues.removeRule(actor(ctx), ctx.pathParam("id"));
                    ctx.status(204);
                },
                Role.ADMIN);
        r.get(
                "/v1/review/queues/{id}/cases",
                ctx -> ctx.json(new CaseList(cases.openInQueue(
                        queues.require(ctx.pathParam("id")).id(),
                        intParam(ctx, "limit", 50, 500),
                        intParam(ctx, "offset", 0, 100_000)))),
                STAFF);
        r.post(
                "/v1/review/queues/{id}/next",
                ctx -> {
                    Optional<Case> next = cases.next(actor(ctx), ctx.pathParam("id"));
                    if (next.isPresent()) {
                        ctx.json(next.get());
                    } else {
                        ctx.status(204);
                    }
                },
                DECIDERS);
        r.get("/v1/review/cases/{id}", this::show, STAFF);
        r.post("/v1/review/cases/{id}/claim", ctx -> ctx.json(cases.claim(actor(ctx), ctx.pathParam("id"))), DECIDERS);
        r.post(
                "/v1/review/cases/{id}/release",
                ctx -> ctx.json(cases.release(actor(ctx), ctx.pathParam("id"))),
                DECIDERS);
        r.post(
                "/v1/review/cases/{id}/decision",
                ctx -> ctx.status(201)
                        .json(DecisionResult.of(decisions.decideCase(
                                actor(ctx), ctx.pathParam("id"), bodies.json(ctx, DecisionRequest.class)))),
                DECIDERS);
        r.post(
                "/v1/review/subjects/{id}/decision",
                ctx -> ctx.status(201)
                        .json(DecisionResult.of(decisions.decideSubject(
                                actor(ctx),
                                Check.id("id", ctx.pathParam("id")),
                                bodies.json(ctx, DecisionRequest.class)))),
                DECIDERS);
        r.get(
                "/v1/review/decisions/{id}",
                ctx -> ctx.json(decisions
                        .find(ctx.pathParam("id"))
                        .orElseThrow(() -> new FulcrumException.NotFound("decision " + ctx.pathParam("id")))),
                STAFF);
        r.post(
                "/v1/review/bulk",
                ctx -> ctx.json(bulk.run(actor(ctx), bodies.json(ctx, Bulk.Request.class))),
                DECIDERS);
        r.post(
                "/v1/review/cases/{id}/notes",
                ctx -> ctx.status(201)
                        .json(notes.add(actor(ctx), ctx.pathParam("id"), bodies.json(ctx, CaseNotes.Draft.class))),
                DECIDERS);
        r.get(
                "/v1/review/cases/{id}/notes",
                ctx -> ctx.json(new NoteList(db.read(h -> {
                    Cases.find(h, ctx.pathParam("id"))
                            .orElseThrow(() -> new FulcrumException.NotFound("case " + ctx.pathParam("id")));
                    return CaseNotes.of(h, ctx.pathParam("id"));
                }))),
                STAFF);
        r.get(
                "/v1/review/escalations",
                ctx -> ctx.json(new EscalationList(db.read(h -> CaseNotes.escalatedTo(h, actor(ctx))))),
                DECIDERS);
        r.get("/v1/review/alerts", ctx -> ctx.json(new AlertList(sla.open(500))), STAFF);
        r.post(
                "/v1/review/alerts/{id}/ack",
                ctx -> {
                    sla.acknowledge(actor(ctx), ctx.pathParam("id"));
                    ctx.status(204);
                },
                DECIDERS);
        r.get(
                "/v1/review/accounts/{id}/strikes",
                ctx -> {
                    String id = Check.id("id", ctx.pathParam("id"));
                    ctx.json(new StrikeList(id, db.read(h -> Strikes.of(h, id))));
                },
                STAFF);
    }

    private void show(Context ctx) {
        String id = ctx.pathParam("id");
        CaseDetail detail = db.read(h -> CaseDetail.load(h, id, tasks, json));
        auditView(db, actor(ctx), "case:" + id, "case view: notifiers and content");
        ctx.json(detail);
    }

    /** Records that a staff member saw personal data (notifiers, content, appellants). */
    static void auditView(Database db, String actor, String target, String what) {
        db.write(tx -> {
            Audit.record(tx, actor, "personal_data.view", target, null, what);
            return null;
        });
    }

    static String actor(Context ctx) {
        return Access.staff(ctx).actor();
    }

    static int intParam(Context ctx, String name, int dflt, int max) {
        return org.fulcrum.server.web.Params.intParam(ctx, name, dflt, max);
    }

    @Override
    public void describe(OpenApi api) {
        api.op(
                        "POST",
                        "/v1/review/cases/{id}/notes",
                        "Add an internal note to a case; it may escalate the open case "
                                + "to another queue (escalateTo) and to a person, a lead or a moderator (escalateToPerson: staff:…), the "
                                + "note saying why")
                .tag("review")
                .security("session")
                .body(CaseNotes.Draft.class)
                .response(201, "The note", CaseNotes.Note.class)
                .add();
        api.op("GET", "/v1/review/cases/{id}/notes", "A case's internal notes and escalations, newest first")
                .tag("review")
                .security("session")
                .response(200, "Notes", NoteList.class)
                .add();
        api.op("GET", "/v1/review/escalations", "Open cases escalated to the caller, oldest escalation first")
                .tag("review")
                .security("session")
                .response(200, "Escalations", EscalationList.class)
                .add();
        api.op(
                        "GET",
                        "/v1/review/queues",
                        "Queues with pending, claimed, breaching, SLA breaches and median handling time")
                .tag("review")
                .security("session")
                .response(200, "Queues", QueueList.class)
                .add();
        api.op("POST", "/v1/review/queues", "Create a queue with its SLA")
                .tag("review")
                .security("session")
                .body(Queue.Draft.class)
                .response(201, "The queue", Queue.class)
                .add();
        api.op("GET", "/v1/review/routing-rules", "Routing rules in the order they are tried")
                .tag("review")
                .security("session")
                .response(200, "Rules", RuleList.class)
                .add();
        api.op(
                        "POST",
                        "/v1/review/routing-rules",
                        "Add a routing rule (reason, category, source, subject kind, " + "language, country)")
                .tag("review")
                .security("session")
                .body(RoutingRule.Draft.class)
                .response(201, "The rule", RoutingRule.class)
                .add();
        api.op("DELETE", "/v1/review/routing-rules/{id}", "Remove a routing rule")
                .tag("review")
                .security("session")
                .response(204, "Removed")
                .add();
        api.op("GET", "/v1/review/queues/{id}/cases", "Open cases of a queue in review order")
                .tag("review")
                .security("session")
                .param("query", "limit", "integer", false, "at most 500")
                .param("query", "offset", "integer", false, "page offset")
                .response(200, "Cases", CaseList.class)
                .add();
        api.op("POST", "/v1/review/queues/{id}/next", "Claim the next case of a queue")
                .tag("review")
                .security("session")
                .response(200, "The case, now claimed", Case.class)
                .response(204, "The queue has no unclaimed case")
                .add();
        api.op(
                        "GET",
                        "/v1/review/cases/{id}",
                        "A case with its subject, notices, history and strikes (the view is " + "audited)")
                .tag("review")
                .security("session")
                .response(200, "The case", CaseDetail.class)
                .add();
        api.op("POST", "/v1/review/cases/{id}/claim", "Claim a case; refused while another moderator holds it")
                .tag("review")
                .security("session")
                .response(200, "The case", Case.class)
                .add();
        api.op("POST", "/v1/review/cases/{id}/release", "Release a claimed case")
                .tag("review")
                .security("session")
                .response(200, "The case", Case.class)
                .add();
        api.op(
                        "POST",
                        "/v1/review/cases/{id}/decision",
                        "Decide a claimed case: ground, facts, scope, duration, " + "automation, actions")
                .tag("review")
                .security("session")
                .body(DecisionRequest.class)
                .response(201, "What the decision did", DecisionResult.class)
                .add();
        api.op("POST", "/v1/review/subjects/{id}/decision", "Decide on a subject on the moderator's own initiative")
                .tag("review")
                .security("session")
                .body(DecisionRequest.class)
                .response(201, "What the decision did", DecisionResult.class)
                .add();
        api.op("GET", "/v1/review/decisions/{id}", "A decision")
                .tag("review")
                .security("session")
                .response(200, "The decision", Decision.class)
                .add();
        api.op(
                        "POST",
                        "/v1/review/bulk",
                        "Apply one decision to selected cases or to every open case matching a " + "query")
                .tag("review")
                .security("session")
                .body(Bulk.Request.class)
                .response(200, "What was decided and skipped", Bulk.Result.class)
                .add();
        api.op("GET", "/v1/review/alerts", "Open SLA breach alerts")
                .tag("review")
                .security("session")
                .response(200, "Alerts", AlertList.class)
                .add();
        api.op("POST", "/v1/review/alerts/{id}/ack", "Acknowledge an SLA alert")
                .tag("review")
                .security("session")
                .response(204, "Acknowledged")
                .add();
        api.op("GET", "/v1/review/accounts/{id}/strikes", "An account's strikes")
                .tag("review")
                .security("session")
                .response(200, "Strikes", StrikeList.class)
                .add();
    }
}
