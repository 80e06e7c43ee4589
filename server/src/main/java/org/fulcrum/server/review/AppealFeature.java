package org.fulcrum.server.review;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.notice.Idempotency;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;

/**
 * Appeals (lodged by the platform for its users, or by trusted flaggers) and statements of
 * reasons: one by id, and the export in DSA Transparency Database batches of at most 100.
 */
public final class AppealFeature implements Feature {
    private static final long MAX_BODY = 64 * 1024;

    private final Database db;
    private final Json json;
    private final Appeals appeals;
    private final Statements statements;
    private final Bodies bodies;

    public AppealFeature(Database db, Appeals appeals, Statements statements, Bodies bodies, Json json) {
        this.json = json;
        this.db = db;
        this.appeals = appeals;
        this.statements = statements;
        this.bodies = bodies;
    }

    /** Appeals, open ones first. */
    public record AppealList(List<Appeal> appeals) {}

    @Override
    public void routes(RoutesConfig r) {
        r.post("/v1/appeals", this::lodge, Role.PLATFORM, Role.FLAGGER);
        r.get(
                "/v1/appeals",
                ctx -> {
                    AppealList list = new AppealList(appeals.list(
                            Optional.ofNullable(ctx.queryParam("status"))
                                    .filter(s -> s.equals("open") || s.equals("decided")),
                            500));
                    ReviewFeature.auditView(
                            db, Access.staff(ctx).actor(), "appeals", "appeal list: appellants and grounds");
                    ctx.json(list);
                },
                Role.ADMIN,
                Role.MODERATOR,
                Role.AUDITOR);
        r.get("/v1/appeals/{id}", this::show, Role.PLATFORM, Role.FLAGGER, Role.ADMIN, Role.MODERATOR, Role.AUDITOR);
        r.post(
                "/v1/appeals/{id}/claim",
                ctx -> ctx.json(appeals.claim(Access.staff(ctx).actor(), ctx.pathParam("id"))),
                Role.ADMIN,
                Role.MODERATOR);
        r.post(
                "/v1/appeals/{id}/decision",
                ctx -> ctx.json(appeals.decide(
                        Access.staff(ctx).actor(), ctx.pathParam("id"), bodies.json(ctx, Appeal.Ruling.class))),
                Role.ADMIN,
                Role.MODERATOR);
        r.get("/v1/sor/export", this::export);
        r.get(
                "/v1/sor/{id}",
                ctx -> ctx.json(statements
                        .find(ctx.pathParam("id"))
                        .orElseThrow(() -> new FulcrumException.NotFound("statement " + ctx.pathParam("id")))),
                Role.PLATFORM,
                Role.ADMIN,
                Role.MODERATOR,
                Role.LEGAL,
                Role.AUDITOR);
    }

    private void lodge(Context ctx) {
        Principal.Machine m = Access.machine(ctx);
        Optional<String> key = Idempotency.key(ctx.header(Idempotency.HEADER));
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new FulcrumException.InvalidInput("Content-Type", "must be application/json");
        }
        byte[] body = bodies.bytes(ctx, MAX_BODY);
        Appeal.Request request = bodies.parse(body, Appeal.Request.class);
        Appeals.Lodger who = m.kind() == Role.FLAGGER
                ? new Appeals.Lodger.Flagger(m.actor(), m.ownerId())
                : new Appeals.Lodger.Platform(m.actor());
        Idempotency.Answer answer = Idempotency.run(
                db,
                "appeals:" + m.actor(),
                key,
                Idempotency.digest(body),
                201,
                tx -> json.write(appeals.lodge(tx, who, request)));
        if (answer.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        ctx.status(answer.status()).contentType("application/json").result(answer.json());
    }

    private void show(Context ctx) {
        Appeal a = appeals.find(ctx.pathParam("id"))
                .orElseThrow(() -> new FulcrumException.NotFound("appeal " + ctx.pathParam("id")));
        if (Access.require(ctx) instanceof Principal.Machine m
                && m.kind() == Role.FLAGGER
                && !a.appellantRef().map(("flagger:" + m.ownerId())::equals).orElse(false)) {
            throw new FulcrumException.NotFound("appeal " + a.id());
        }
        if (Access.require(ctx) instanceof Principal.Staff staff) {
            ReviewFeature.auditView(db, staff.actor(), "appeal:" + a.id(), "appeal: appellant and grounds");
        }
        ctx.json(a);
    }

    private void export(Context ctx) {
        Optional<String> after = Optional.ofNullable(ctx.queryParam("after")).filter(s -> !s.isBlank());
        after.ifPresent(a -> {
            if (!a.matches("[A-Za-z0-9_-]{1,500}")) {
                throw new FulcrumException.InvalidInput("after", "must be a statement puid");
            }
        });
        int limit = ReviewFeature.intParam(ctx, "limit", Statements.MAX_BATCH, Integer.MAX_VALUE);
        Statements.Page page = statements.export(after, limit);
        page.next().ifPresent(n -> ctx.header("Fulcrum-Next-After", n));
        ctx.json(page.batch());
    }

    @Override
    public void describe(OpenApi api) {
        api.op("POST", "/v1/appeals", "Lodge an appeal against a decision (DSA Art. 20), within six months")
                .tag("appeals")
                .security("bearer")
                .param(
                        "header",
                        "Idempotency-Key",
                        "string",
                        false,
                        "a retry with the same key and body gets the first answer")
                .body(Appeal.Request.class)
                .response(201, "The appeal", Appeal.class)
                .add();
        api.op("GET", "/v1/appeals", "Appeals, open ones first")
                .tag("appeals")
                .security("session")
                .param("query", "status", "string", false, "open or decided")
                .response(200, "Appeals", AppealList.class)
                .add();
        api.op("GET", "/v1/appeals/{id}", "An appeal and its outcome")
                .tag("appeals")
                .security("bearer")
                .response(200, "The appeal", Appeal.class)
                .add();
        api.op("POST", "/v1/appeals/{id}/claim", "Claim an appeal; refused to the reviewer who decided")
                .tag("appeals")
                .security("session")
                .response(200, "The appeal", Appeal.class)
                .add();
        api.op(
                        "POST",
                        "/v1/appeals/{id}/decision",
                        "Decide an appeal: reverse (the actions are reversed and the "
                                + "platform told) or uphold. Reversing a decision on content that matched a hash bank answers 409 "
                                + "(second look required) unless secondLook is true")
                .tag("appeals")
                .security("session")
                .body(Appeal.Ruling.class)
                .response(200, "The appeal", Appeal.class)
                .add();
        api.op(
                        "GET",
                        "/v1/sor/export",
                        "Statements of reasons as a DSA Transparency Database batch submission "
                                + "body ({\"statements\": [...]}, at most 100, no personal data); the Fulcrum-Next-After header "
                                + "gives the cursor of the next batch")
                .tag("transparency")
                .param("query", "after", "string", false, "the puid after which to start")
                .param("query", "limit", "integer", false, "1-100 (default 100)")
                .response(200, "A batch", Statements.Batch.class)
                .add();
        api.op("GET", "/v1/sor/{id}", "A statement of reasons with the text sent to the user")
                .tag("transparency")
                .security("bearer")
                .response(200, "The statement", Statements.Statement.class)
                .add();
    }
}
