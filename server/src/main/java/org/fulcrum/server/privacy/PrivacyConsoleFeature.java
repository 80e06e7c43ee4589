package org.fulcrum.server.privacy;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;
import org.fulcrum.server.web.Text;

/**
 * The privacy console: retention settings and purge history, legal holds (place, extend,
 * release), and data subject requests with their outcomes and the readable summary of an export.
 */
public final class PrivacyConsoleFeature implements Feature {
    private static final Role[] READ = {Role.ADMIN, Role.LEGAL, Role.AUDITOR};

    private final Privacy privacy;
    private final Json json;
    private final PrivacyFeature api;
    private final Pages pages;
    private final Clock clock;

    public PrivacyConsoleFeature(Privacy privacy, PrivacyFeature api, Pages pages, Clock clock, Json json) {
        this.json = json;
        this.privacy = privacy;
        this.api = api;
        this.pages = pages;
        this.clock = clock;
        pages.nav(Pages.Section.WORK, "Privacy", "/console/privacy", READ);
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/console/privacy", this::retention, READ);
        r.post("/console/privacy/retention/{class}", this::setRule, Role.ADMIN);
        r.post("/console/privacy/purge", this::purge, Role.ADMIN);
        r.get("/console/privacy/holds", this::holds, READ);
        r.post("/console/privacy/holds", this::place, Role.LEGAL);
        r.get("/console/privacy/holds/{id}", this::hold, READ);
        r.post("/console/privacy/holds/{id}/{step}", this::holdStep, Role.LEGAL);
        r.get("/console/privacy/requests", this::requests, READ);
        r.post("/console/privacy/requests", this::submit, Role.LEGAL, Role.ADMIN);
        r.get("/console/privacy/requests/{id}", this::request, READ);
    }

    @Override
    public void describe(OpenApi api) {
        // console pages; the same operations are described under /v1/privacy
    }

    private void retention(Context ctx) {
        pages.render(
                ctx,
                "privacy/retention.jte",
                "Retention and purges",
                Map.of(
                        "rules",
                        api.rules().rules(),
                        "runs",
                        privacy.purge().runs(10),
                        "batches",
                        privacy.purge().recent(30),
                        "message",
                        param(ctx, "message"),
                        "error",
                        param(ctx, "error"),
                        "interval",
                        privacy.retention().file().purgeIntervalMinutes()));
    }

    private void setRule(Context ctx) {
        String back = "/console/privacy";
        attempt(ctx, back, () -> {
            DataClass c = DataClass.parse("class", ctx.pathParam("class"));
            RetentionRule rule = privacy.retention()
                    .set(
                            Access.staff(ctx),
                            c,
                            new RetentionSettings.Change(ctx.formParam("period"), ctx.formParam("reason")));
            return c + " is now kept " + rule.period();
        });
    }

    private void purge(Context ctx) {
        if (!"yes".equals(ctx.formParam("confirm"))) {
            // a destructive step names what will go and waits for a second, deliberate click
            List<String> goes = privacy.retention().rules().stream()
                    .map(r -> r.dataClass().title() + " (" + r.dataClass().holds() + ") older than " + r.period()
                            + ", counted " + r.dataClass().anchor())
                    .toList();
            pages.render(
                    ctx,
                    "privacy/confirm.jte",
                    "Run the purge now?",
                    Map.of(
                            "action",
                            "/console/privacy/purge",
                            "question",
                            "Run the purge now, ahead of its schedule?",
                            "goes",
                            goes,
                            "stays",
                            "Data under a legal hold stays until the hold ends; each batch is recorded in the transparency log.",
                            "fields",
                            Map.of(),
                            "button",
                            "Purge now",
                            "cancel",
                            "/console/privacy"));
            return;
        }
        attempt(ctx, "/console/privacy", () -> {
            long n = privacy.purge().run(Access.staff(ctx).actor()).stream()
                    .mapToLong(PurgeRecord::purged)
                    .sum();
            return "purge run done: " + Text.plural(n, "row") + " purged";
        });
    }

    private void holds(Context ctx) {
        holdsPage(ctx, Map.of(), "", "");
    }

    /**
     * The holds page; {@code typed} is what a refused "Place a hold" form was sent with, so it comes
     * back filled in with {@code refusal} beside it and the field at fault marked.
     */
    private void holdsPage(Context ctx, Map<String, String> typed, String refusal, String field) {
        Optional<String> subject = Optional.ofNullable(ctx.queryParam("subjectId"))
                .filter(s -> !s.isBlank())
                .map(s -> Check.id("subjectId", s));
        pages.render(
                ctx,
                "privacy/holds.jte",
                "Legal holds",
                Map.of(
                        "holds",
                        privacy.holds().list(subject, "true".equals(ctx.queryParam("active")), 200).stream()
                                .map(api::view)
                                .toList(),
                        "subject",
                        subject.orElse(""),
                        "activeOnly",
                        "true".equals(ctx.queryParam("active")),
                        "message",
                        param(ctx, "message"),
                        "error",
                        param(ctx, "error"),
                        "typed",
                        typed,
                        "refusal",
                        refusal,
                        "field",
                        field));
    }

    private void place(Context ctx) {
        try {
            Hold h = privacy.holds()
                    .place(
                            Access.staff(ctx),
                            new Holds.Placement(
                                    ctx.formParam("subjectId"),
                                    instant("until", ctx.formParam("until")),
                                    ctx.formParam("reason")));
            ctx.redirect("/console/privacy/holds/" + h.id() + "?message=" + enc("hold placed"));
        } catch (FulcrumException.InvalidInput | FulcrumException.NotFound | FulcrumException.Conflict e) {
            Map<String, String> typed = new java.util.HashMap<>();
            for (String name : new String[] {"subjectId", "until", "reason"}) {
                String v = ctx.formParam(name);
                if (v != null) {
                    typed.put(name, v.length() > 5000 ? v.substring(0, 5000) : v);
                }
            }
            String field = e instanceof FulcrumException.InvalidInput bad
                    ? bad.field()
                    : e instanceof FulcrumException.NotFound ? "subjectId" : "";
            ctx.status(e instanceof FulcrumException.Conflict ? 409 : 422);
            holdsPage(ctx, typed, refusal(field, e.getMessage()), field);
        }
    }

    private void hold(Context ctx) {
        String id = Check.id("id", ctx.pathParam("id"));
        Hold h = privacy.holds().find(id).orElseThrow(() -> new FulcrumException.NotFound("hold " + id));
        pages.render(
                ctx,
                "privacy/hold.jte",
                "Legal hold " + id,
                Map.of(
                        "v",
                        api.view(h),
                        "now",
                        clock.instant(),
                        "message",
                        param(ctx, "message"),
                        "error",
                        param(ctx, "error")));
    }

    private void holdStep(Context ctx) {
        String id = Check.id("id", ctx.pathParam("id"));
        Principal.Staff staff = Access.staff(ctx);
        attempt(ctx, "/console/privacy/holds/" + id, () -> switch (ctx.pathParam("step")) {
            case "extend" ->
                "extended until "
                        + Text.minute(privacy.holds()
                                .extend(
                                        staff,
                                        id,
                                        new Holds.Extension(
                                                instant("until", ctx.formParam("until")), ctx.formParam("reason")))
                                .until());
            case "release" -> {
                privacy.holds().release(staff, id, new Holds.Release(ctx.formParam("reason")));
                yield "released";
            }
            default -> throw new FulcrumException.NotFound("step " + ctx.pathParam("step"));
        });
    }

    private void requests(Context ctx) {
        pages.render(
                ctx,
                "privacy/requests.jte",
                "Data subject requests",
                Map.of(
                        "requests",
                        privacy.requests().recent(200),
                        "kinds",
                        DataSubjectRequests.Kind.values(),
                        "message",
                        param(ctx, "message"),
                        "error",
                        param(ctx, "error")));
    }

    private void submit(Context ctx) {
        try {
            DataSubjectRequests.Kind kind = parseKind(ctx.formParam("kind"));
            DataSubjectRequests.Request r = new DataSubjectRequests.Request(kind, ctx.formParam("accountId"));
            if (kind == DataSubjectRequests.Kind.erasure && !"yes".equals(ctx.formParam("confirm"))) {
                confirmErasure(ctx, Check.id("accountId", ctx.formParam("accountId")));
                return;
            }
            String answer = privacy.requests()
                    .submit(Access.staff(ctx), r, Optional.empty(), "")
                    .json();
            String id = json.tree(answer).get("id").asText();
            ctx.redirect("/console/privacy/requests/" + id);
        } catch (FulcrumException.InvalidInput e) {
            ctx.redirect("/console/privacy/requests?error=" + enc(message(e)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void confirmErasure(Context ctx, String account) {
        List<String> goes = List.of(
                "the account " + account + " and every post, channel, group and media item it owns,"
                        + " with their copies and content events",
                "its name and account key on notices it sent, and its standing as a reporter",
                "the private account data the platform shared for lawful disclosure",
                "mentions of it in cases, decisions, statements, appeals and strikes (replaced by 'erased')",
                "the details behind its transparency-log entries (the public log stays intact and verifiable)");
        pages.render(
                ctx,
                "privacy/confirm.jte",
                "Erase account " + account + "?",
                Map.of(
                        "action",
                        "/console/privacy/requests",
                        "question",
                        "Erase everything Fulcrum holds about " + account + "?",
                        "goes",
                        goes,
                        "stays",
                        "What a legal obligation or a legal hold still requires is kept, and the"
                                + " erasure is then refused with its reason; the request's record keeps a salted digest of the id.",
                        "fields",
                        Map.of("accountId", account, "kind", "erasure"),
                        "button",
                        "Erase " + account,
                        "cancel",
                        "/console/privacy/requests"));
    }

    private static DataSubjectRequests.Kind parseKind(String value) {
        for (DataSubjectRequests.Kind k : DataSubjectRequests.Kind.values()) {
            if (k.name().equals(value)) {
                return k;
            }
        }
        throw new FulcrumException.InvalidInput("kind", "must be export or erasure");
    }

    private void request(Context ctx) {
        String id = Check.id("id", ctx.pathParam("id"));
        DataSubjectRequests.DsrRecord r = privacy.requests()
                .find(id)
                .orElseThrow(() -> new FulcrumException.NotFound("data subject request " + id));
        Principal who = Access.require(ctx);
        boolean mayRead = who.has(Role.LEGAL) || who.has(Role.ADMIN);
        Optional<AccountExport> export =
                r.kind() == DataSubjectRequests.Kind.export && r.accountId().isPresent() && mayRead
                        ? Optional.of(privacy.requests().export(who, id))
                        : Optional.empty();
        pages.render(ctx, "privacy/request.jte", "Data subject request " + id, Map.of("r", r, "export", export));
    }

    /** Runs a form step and comes back to {@code back} with its message, or with the error it raised. */
    private static void attempt(Context ctx, String back, java.util.function.Supplier<String> step) {
        String message;
        try {
            message = step.get();
        } catch (FulcrumException.InvalidInput | FulcrumException.Conflict e) {
            ctx.redirect(back + "?error=" + enc(message(e)));
            return;
        }
        ctx.redirect(back + "?message=" + enc(message));
    }

    /** Why the hold was not placed, led by the label of the field at fault as the form shows it. */
    private static String refusal(String field, String why) {
        String label = switch (field) {
            case "subjectId" -> "Subject or account";
            case "until" -> "Until";
            case "reason" -> "Why";
            default -> "";
        };
        return "The hold was not placed. " + (label.isEmpty() ? "" : label + ": ") + why + ".";
    }

    private static String message(FulcrumException e) {
        return e instanceof FulcrumException.InvalidInput i ? i.field() + ": " + i.getMessage() : e.getMessage();
    }

    /** A time from a form: an ISO instant, a date (midnight UTC) or a date and time (UTC). */
    static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new FulcrumException.InvalidInput(field, "is required");
        }
        String v = value.strip();
        try {
            Instant parsed;
            if (v.length() == 10) {
                parsed = LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else if (!v.endsWith("Z") && !v.contains("+")) {
                parsed = LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            } else {
                parsed = Instant.parse(v);
            }
            return org.fulcrum.server.core.SaneInstants.within(field, parsed);
        } catch (java.time.DateTimeException e) {
            throw new FulcrumException.InvalidInput(field, "'" + v + "' is not a date (2027-01-31) or a time in UTC");
        }
    }

    private static String param(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).orElse("");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
