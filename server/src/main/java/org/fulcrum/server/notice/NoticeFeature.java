package org.fulcrum.server.notice;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.auth.ApiTokens;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.RateLimiter;

/**
 * The notice API: intake from the platform (user reports), trusted flaggers and authorities; the
 * notifier's view of its notices and their outcomes; the flagger registry; reporter standing and
 * the child-safety reporting tasks.
 */
public final class NoticeFeature implements Feature {
    /** Notices one platform user may file per minute. */
    public static final int PER_REPORTER_PER_MINUTE = 30;

    private static final long MAX_NOTICE_BYTES = 512 * 1024;
    private static final long MAX_BATCH_BYTES = 4 * 1024 * 1024;
    private static final Role[] STAFF = {Role.ADMIN, Role.MODERATOR, Role.LEGAL, Role.AUDITOR};

    private final Database db;
    private final NoticeIntake intake;
    private final TrustedFlaggers flaggers;
    private final SafetyTasks tasks;
    private final RateLimiter reporters;
    private final Bodies bodies;

    public NoticeFeature(
            Database db, Clock clock, NoticeIntake intake, TrustedFlaggers flaggers, SafetyTasks tasks, Bodies bodies) {
        this.bodies = bodies;
        this.db = db;
        this.intake = intake;
        this.flaggers = flaggers;
        this.tasks = tasks;
        this.reporters = new RateLimiter(clock);
    }

    /** Notices arrive one per request from platforms' users: their routes are matched first. */
    @Override
    public boolean intake() {
        return true;
    }

    @Override
    public void routes(RoutesConfig r) {
        r.post("/v1/notices", this::submit, Role.PLATFORM, Role.FLAGGER, Role.OFFICER);
        r.post("/v1/notices/batch", this::batch, Role.PLATFORM, Role.FLAGGER, Role.OFFICER);
        r.get("/v1/notices", this::mine, Role.PLATFORM, Role.FLAGGER, Role.OFFICER);
        r.get(
                "/v1/notices/{id}",
                this::show,
                Role.PLATFORM,
                Role.FLAGGER,
                Role.OFFICER,
                Role.ADMIN,
                Role.MODERATOR,
                Role.LEGAL,
                Role.AUDITOR);
        r.get(
                "/v1/flaggers",
                ctx -> ctx.json(new FlaggerList(flaggers.list().stream()
                        .map(f -> new FlaggerView(f, flaggers.accuracy(f.id())))
                        .toList())),
                STAFF);
        r.post("/v1/flaggers", this::register, Role.ADMIN);
        r.post("/v1/flaggers/{id}/status", this::status, Role.ADMIN);
        r.post(
                "/v1/flaggers/{id}/tokens",
                ctx -> ctx.status(201)
                        .json(flaggers.issueToken(Access.staff(ctx).actor(), ctx.pathParam("id"))),
                Role.ADMIN);
        r.get(
                "/v1/flaggers/me",
                ctx -> {
                    Principal.Machine m = Access.machine(ctx);
                    ctx.json(new FlaggerView(flaggers.require(m.ownerId()), flaggers.accuracy(m.ownerId())));
                },
                Role.FLAGGER);
        r.get(
                "/v1/reporters/{key}",
                ctx -> {
                    String key = ctx.pathParam("key");
                    ReporterReputation.Standing standing = db.read(h -> ReporterReputation.standing(h, key));
                    db.write(tx -> {
                        Audit.record(
                                tx,
                                Access.staff(ctx).actor(),
                                "personal_data.view",
                                "reporter:" + key,
                                null,
                                "reporter standing");
                        return null;
                    });
                    ctx.json(standing);
                },
                Role.ADMIN,
                Role.MODERATOR,
                Role.AUDITOR);
        r.get(
                "/v1/safety/tasks",
                ctx -> ctx.json(new TaskList(tasks.list(
                        Optional.ofNullable(ctx.queryParam("status")).filter(s -> s.equals("open") || s.equals("done")),
                        500))),
                Role.ADMIN,
                Role.MODERATOR,
                Role.LEGAL);
        r.post(
                "/v1/safety/tasks/{id}/complete",
                ctx -> ctx.json(tasks.complete(
                        Access.staff(ctx).actor(),
                        ctx.pathParam("id"),
                        bodies.parse(bytesOf(ctx), Completion.class).reference())),
                Role.ADMIN,
                Role.MODERATOR,
                Role.LEGAL);
    }

    /** A flagger with its accuracy. */
    public record FlaggerView(Flagger flagger, Flagger.Accuracy accuracy) {}

    /** The registry. */
    public record FlaggerList(java.util.List<FlaggerView> flaggers) {}

    /** Reporting tasks. */
    public record TaskList(java.util.List<SafetyTasks.Task> tasks) {}

    /** A page of a notifier's notices. */
    public record NoticePage(java.util.List<NoticeQueries.NoticeStatus> notices) {}

    /** A status change, with the reason recorded in the audit trail. */
    public record StatusChange(Flagger.Status status, String reason) {}

    /** The reference the hotline or authority gave to a report. */
    public record Completion(String reference) {}

    private byte[] bytesOf(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new FulcrumException.InvalidInput("Content-Type", "must be application/json");
        }
        return bodies.bytes(ctx, MAX_NOTICE_BYTES);
    }

    private void submit(Context ctx) {
        Principal.Machine m = Access.machine(ctx);
        Optional<String> key = Idempotency.key(ctx.header(Idempotency.HEADER));
        byte[] body = bytesOf(ctx);
        NoticeSubmission n = bodies.parse(body, NoticeSubmission.class);
        NoticeIntake.Submitter who = submitter(m);
        if (who.source() == Source.user_report) {
            n.notifier()
                    .flatMap(NoticeSubmission.Notifier::reporterId)
                    .ifPresent(r -> reporters.acquire("reporter:" + r, PER_REPORTER_PER_MINUTE));
        }
        Idempotency.Answer answer = intake.submit(who, n, key, Idempotency.digest(body));
        if (answer.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        ctx.status(answer.status()).contentType("application/json").result(answer.json());
    }

    private void batch(Context ctx) {
        Principal.Machine m = Access.machine(ctx);
        Optional<String> key = Idempotency.key(ctx.header(Idempotency.HEADER));
        byte[] body = bodies.bytes(ctx, MAX_BATCH_BYTES);
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new FulcrumException.InvalidInput("Content-Type", "must be application/json");
        }
        NoticeBatch batch = bodies.parse(body, NoticeBatch.class);
        NoticeIntake.Submitter who = submitter(m);
        if (who.source() == Source.user_report) {
            for (NoticeSubmission n : batch.notices()) {
                n.notifier()
                        .flatMap(NoticeSubmission.Notifier::reporterId)
                        .ifPresent(r -> reporters.acquire("reporter:" + r, PER_REPORTER_PER_MINUTE));
            }
        }
        Idempotency.Answer answer = intake.submitBatch(who, batch, key, Idempotency.digest(body));
        if (answer.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        ctx.status(answer.status()).contentType("application/json").result(answer.json());
    }

    private static NoticeIntake.Submitter submitter(Principal.Machine m) {
        return switch (m.kind()) {
            case PLATFORM -> new NoticeIntake.Submitter(Source.user_report, m.actor(), Optional.empty());
            case FLAGGER -> new NoticeIntake.Submitter(Source.trusted_flagger, m.actor(), Optional.of(m.ownerId()));
            case OFFICER -> new NoticeIntake.Submitter(Source.authority, m.actor(), Optional.of(m.ownerId()));
            case ADMIN, MODERATOR, LEGAL, AUDITOR, HASH_SHARING ->
                throw new FulcrumException.Forbidden("notices come from tokens");
        };
    }

    private void mine(Context ctx) {
        Principal.Machine m = Access.machine(ctx);
        int limit = limit(ctx);
        Optional<String> before = Optional.ofNullable(ctx.queryParam("before"));
        Optional<String> flagger = m.kind() == Role.FLAGGER ? Optional.of(m.ownerId()) : Optional.empty();
        ctx.json(new NoticePage(db.read(h -> NoticeQueries.mine(h, flagger, m.actor(), before, limit))));
    }

    private void show(Context ctx) {
        String id = ctx.pathParam("id");
        Principal p = Access.require(ctx);
        String[] owner = db.read(h -> NoticeQueries.owner(h, id))
                .orElseThrow(() -> new FulcrumException.NotFound("notice " + id));
        boolean allowed = switch (p) {
            case Principal.Staff s -> true;
            case Principal.Machine m ->
                m.actor().equals(owner[0])
                        || (m.kind() == Role.FLAGGER && m.ownerId().equals(owner[1]));
        };
        if (!allowed) {
            throw new FulcrumException.NotFound("notice " + id);
        }
        ctx.json(db.read(h -> NoticeQueries.status(h, id)).orElseThrow());
    }

    private void register(Context ctx) {
        Flagger.Registration reg = bodies.parse(bytesOf(ctx), Flagger.Registration.class);
        ctx.status(201).json(flaggers.register(Access.staff(ctx).actor(), reg));
    }

    private void status(Context ctx) {
        StatusChange change = bodies.parse(bytesOf(ctx), StatusChange.class);
        if (change.status() == null) {
            throw new FulcrumException.InvalidInput("status", "is required");
        }
        ctx.json(flaggers.setStatus(Access.staff(ctx).actor(), ctx.pathParam("id"), change.status(), change.reason()));
    }

    static int limit(Context ctx) {
        String v = ctx.queryParam("limit");
        if (v == null || v.isBlank()) {
            return 50;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > 100) {
                throw new FulcrumException.InvalidInput("limit", "must be between 1 and 100");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new FulcrumException.InvalidInput("limit", "must be an integer");
        }
    }

    @Override
    public void describe(OpenApi api) {
        api.op(
                        "POST",
                        "/v1/notices",
                        "Submit a notice (DSA Art. 16) naming one or more items; answered at once with "
                                + "a tracking id. Send an Idempotency-Key header to make retries safe.")
                .tag("notices")
                .security("bearer")
                .param(
                        "header",
                        "Idempotency-Key",
                        "string",
                        false,
                        "1-128 visible ASCII characters; a retry with the same key and body gets the first answer")
                .body(NoticeSubmission.class)
                .response(202, "The receipt", NoticeReceipt.class)
                .add();
        api.op(
                        "POST",
                        "/v1/notices/batch",
                        "Submit up to 100 notices at once (a platform relaying its users' "
                                + "reports); each gets its receipt or its refusal, in order")
                .tag("notices")
                .security("bearer")
                .param(
                        "header",
                        "Idempotency-Key",
                        "string",
                        false,
                        "a retry with the same key and body gets the first answer")
                .body(NoticeBatch.class)
                .response(202, "A receipt or refusal per notice", NoticeBatch.Answer.class)
                .add();
        api.op("GET", "/v1/notices", "The caller's notices with their outcomes, newest first")
                .tag("notices")
                .security("bearer")
                .param("query", "before", "string", false, "page: notices older than this tracking id")
                .param("query", "limit", "integer", false, "1-100, default 50")
                .response(200, "Notices", NoticePage.class)
                .add();
        api.op("GET", "/v1/notices/{id}", "A notice and the outcome of each item")
                .tag("notices")
                .security("bearer")
                .response(200, "The notice", NoticeQueries.NoticeStatus.class)
                .add();
        api.op("GET", "/v1/flaggers", "Trusted flaggers with their accuracy")
                .tag("flaggers")
                .security("session")
                .response(200, "Flaggers", FlaggerList.class)
                .add();
        api.op("POST", "/v1/flaggers", "Register a trusted flagger; answers with its first API token (shown once)")
                .tag("flaggers")
                .security("session")
                .body(Flagger.Registration.class)
                .response(201, "Registered", TrustedFlaggers.Registered.class)
                .add();
        api.op("POST", "/v1/flaggers/{id}/status", "Suspend, revoke or reactivate a trusted flagger")
                .tag("flaggers")
                .security("session")
                .body(StatusChange.class)
                .response(200, "The flagger", Flagger.class)
                .add();
        api.op("POST", "/v1/flaggers/{id}/tokens", "Issue another API token to a trusted flagger")
                .tag("flaggers")
                .security("session")
                .response(201, "The token (shown once)", ApiTokens.Issued.class)
                .add();
        api.op("GET", "/v1/flaggers/me", "The calling flagger's registration and accuracy")
                .tag("flaggers")
                .security("bearer")
                .response(200, "The flagger", FlaggerView.class)
                .add();
        api.op("GET", "/v1/reporters/{key}", "A reporter's standing: outcomes of its notices, Art. 23 measures")
                .tag("notices")
                .security("session")
                .response(200, "Standing", ReporterReputation.Standing.class)
                .add();
        api.op("GET", "/v1/safety/tasks", "Child-safety hotline reports and DSA Art. 18 notifications to make")
                .tag("safety")
                .security("session")
                .param("query", "status", "string", false, "open or done")
                .response(200, "Tasks", TaskList.class)
                .add();
        api.op("POST", "/v1/safety/tasks/{id}/complete", "Record the reference of a report made")
                .tag("safety")
                .security("session")
                .body(Completion.class)
                .response(200, "The task", SafetyTasks.Task.class)
                .add();
    }
}
