package org.fulcrum.server.review;

import static org.fulcrum.server.review.ReviewConsole.actor;
import static org.fulcrum.server.review.ReviewConsole.decider;
import static org.fulcrum.server.review.ReviewConsole.error;
import static org.fulcrum.server.review.ReviewConsole.form;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Pages;

/**
 * The case view of the moderators' console: content and media (a preserved copy, or fetched from
 * the platform on view), one-key shortcuts, claims, the decision form and internal notes. A refused
 * form comes back with its input kept and the error beside the field.
 */
final class CaseConsole {
    private static final Role[] STAFF = {Role.ADMIN, Role.MODERATOR, Role.LEGAL, Role.AUDITOR};
    private static final Role[] DECIDERS = {Role.ADMIN, Role.MODERATOR};

    private final Database db;
    private final Moderation m;
    private final Wellbeing wellbeing;
    private final Pages pages;
    private final MediaProxy media;
    private final PreservedMedia evidence;
    private final FrameStrips strips;
    private final Json json;
    private final Preferences prefs;
    private final CaseNotes notes;

    CaseConsole(
            Database db,
            Moderation m,
            Wellbeing wellbeing,
            Pages pages,
            MediaProxy media,
            PreservedMedia evidence,
            FrameStrips strips,
            Json json,
            Preferences prefs,
            CaseNotes notes) {
        this.db = db;
        this.m = m;
        this.wellbeing = wellbeing;
        this.pages = pages;
        this.media = media;
        this.evidence = evidence;
        this.strips = strips;
        this.json = json;
        this.prefs = prefs;
        this.notes = notes;
    }

    void routes(RoutesConfig r) {
        r.get("/console/cases/{id}", this::casePage, STAFF);
        r.get("/console/media/{subject}/{n}", this::mediaItem, STAFF);
        r.post("/console/cases/{id}/claim", this::claim, DECIDERS);
        r.post(
                "/console/cases/{id}/release",
                ctx -> form(ctx, casePath(ctx), () -> {
                    m.cases().release(actor(ctx), ctx.pathParam("id"));
                    return casePath(ctx);
                }),
                DECIDERS);
        r.post("/console/cases/{id}/decide", this::decide, DECIDERS);
        r.post("/console/cases/{id}/overturn", this::overturn, DECIDERS);
        r.post("/console/cases/{id}/notes", this::note, DECIDERS);
    }

    /**
     * Claims the case. A case another moderator holds is refused, with who holds it, since when
     * and when their claim lapses in words on the case page; there is no taking a case over.
     */
    private void claim(Context ctx) {
        String id = ctx.pathParam("id");
        form(ctx, casePath(ctx), () -> {
            try {
                m.cases().claim(actor(ctx), id);
            } catch (FulcrumException.Conflict e) {
                Case c = m.cases().require(id);
                Optional<String> holder = c.claim().holder(m.cases().now());
                if (holder.isEmpty()) {
                    throw e;
                }
                String who = pages.layout(ctx, "").name(holder.get());
                throw new FulcrumException.Conflict("You cannot claim this case: " + who + " is working it"
                        + db.read(h -> Cases.claimedAt(h, id))
                                .map(t -> " since " + Words.time(t))
                                .orElse("")
                        + ". It can be claimed when they release it, or at "
                        + Words.time(c.claim().claimExpiresAt().orElseThrow())
                        + " when their claim lapses without a decision.");
            }
            return casePath(ctx);
        });
    }

    private void casePage(Context ctx) {
        renderCase(ctx, DecisionDraft.EMPTY, Map.of());
    }

    /** Adds an internal note (and escalates, if asked); on failure the note comes back as typed. */
    private void note(Context ctx) {
        String id = ctx.pathParam("id");
        Map<String, String> typed = new java.util.HashMap<>();
        for (String k : new String[] {"body", "tags", "escalateTo", "escalateToPerson"}) {
            String v = ctx.formParam(k);
            typed.put(k, v == null ? "" : v.length() > 3000 ? v.substring(0, 3000) : v);
        }
        try {
            notes.add(
                    actor(ctx),
                    id,
                    new CaseNotes.Draft(
                            typed.get("body"),
                            CaseNotes.Draft.tags(typed.get("tags")),
                            Optional.of(typed.get("escalateTo")),
                            Optional.of(typed.get("escalateToPerson"))));
        } catch (FulcrumException.InvalidInput e) {
            ctx.status(422);
            renderCase(ctx, DecisionDraft.EMPTY, Map.of("note." + e.field(), e.getMessage()), typed);
            return;
        }
        ctx.redirect(casePath(ctx) + "#notes");
    }

    private void renderCase(Context ctx, DecisionDraft draft, Map<String, String> errors) {
        renderCase(ctx, draft, errors, Map.of());
    }

    private void renderCase(
            Context ctx, DecisionDraft draft, Map<String, String> errors, Map<String, String> noteTyped) {
        String id = ctx.pathParam("id");
        CaseDetail detail = db.read(h -> CaseDetail.load(h, id, m.safety(), json));
        ReviewFeature.auditView(db, actor(ctx), "case:" + id, "case view: notifiers and content");
        Queue q = m.queues().require(detail.summary().queueId());
        Optional<String> decided =
                Optional.ofNullable(ctx.queryParam("decided")).filter(v -> v.matches("[a-z0-9_]{1,64}"));
        Optional<String> from = Optional.ofNullable(ctx.queryParam("from")).filter(v -> v.matches("[a-z0-9_]{1,64}"));
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("d", detail);
        params.put("queue", q);
        params.put("canDecide", decider(ctx));
        params.put("draft", draft);
        params.put("errors", errors);
        params.put("decidedCase", decided.isPresent() ? Optional.of(from.orElse(id)) : Optional.<String>empty());
        params.put("decidedId", decided);
        params.put("error", error(ctx));
        params.put("now", m.cases().now());
        params.put("claimedAt", db.read(h -> Cases.claimedAt(h, id)));
        params.put("me", actor(ctx));
        params.put("mediaSetting", prefs.media(actor(ctx)));
        params.put("strips", strips.of(detail.subject().id()));
        params.put("notes", db.read(h -> CaseNotes.of(h, id)));
        params.put("noteTyped", noteTyped);
        params.put("queues", m.queues().list());
        params.put(
                "escalationPeople",
                db.read(CaseNotes::people).stream()
                        .filter(p -> !p.actor().equals(actor(ctx)))
                        .toList());
        params.put("escalation", db.read(h -> CaseNotes.escalation(h, id)));
        params.put(
                "overturnable",
                db.read(h -> Overturns.overturnable(h, detail.subject().id())));
        params.put("overturned", ctx.queryParam("overturned") != null);
        params.put("wellbeing", decider(ctx) ? wellbeing.notice(actor(ctx)) : Wellbeing.Notice.NONE);
        params.put("here", casePath(ctx));
        pages.render(ctx, "review/case.jte", "Case " + id, params);
    }

    /**
     * Overturns the automated decision on the case's subject ({@link Overturns}); on failure the page
     * comes back with the reason as typed and what went wrong inside the form.
     */
    private void overturn(Context ctx) {
        String reason = ctx.formParam("reason");
        try {
            m.overturns().overturn(actor(ctx), ctx.pathParam("id"), reason, "yes".equals(ctx.formParam("lookedAgain")));
        } catch (FulcrumException e) {
            ctx.status(e instanceof FulcrumException.InvalidInput ? 422 : 409);
            String typed = reason == null ? "" : reason.length() > 2000 ? reason.substring(0, 2000) : reason;
            renderCase(
                    ctx,
                    DecisionDraft.EMPTY,
                    Map.of("overturn", e instanceof FulcrumException.InvalidInput i ? i.getMessage() : e.getMessage()),
                    Map.of("overturnReason", typed));
            return;
        }
        ctx.redirect(casePath(ctx) + "?overturned=1");
    }

    /**
     * Decides the case; on success the next unclaimed case of the same queue is claimed and opened,
     * with a note naming what was just decided. On failure the page comes back with what was typed
     * and the error beside its field.
     */
    private void decide(Context ctx) {
        String id = ctx.pathParam("id");
        DecisionDraft draft = DecisionDraft.of(ctx);
        ModerationDecisions.Decided d;
        try {
            d = m.decisions().decideCase(actor(ctx), id, DecisionForm.read(ctx));
        } catch (FulcrumException e) {
            var err = DecisionDraft.error(e);
            ctx.status(e instanceof FulcrumException.InvalidInput ? 422 : 409);
            renderCase(ctx, draft, Map.of(err.getKey(), err.getValue()));
            return;
        }
        String queueId = m.cases().require(id).queueId();
        Optional<Case> next = Optional.empty();
        try {
            next = m.cases()
                    .next(
                            actor(ctx),
                            queueId,
                            wellbeing.pause().until(actor(ctx)).isPresent());
        } catch (FulcrumException e) {
            // Nothing to claim now is not a failure of the decision just taken.
        }
        String to = next.map(c -> "/console/cases/" + c.id()).orElse(casePath(ctx));
        ctx.redirect(to + "?decided=" + d.decision().id() + "&from=" + id);
    }

    /**
     * One media item: its preserved copy when a hold kept one (opened from the evidence store, so it
     * shows after the platform deleted the item), otherwise fetched from the platform now and passed
     * through; {@code no-store} either way, nothing written. Child-safety media are never shown. A
     * failure is a placeholder image, so the page around it stays usable.
     */
    private void mediaItem(Context ctx) {
        String subject = ctx.pathParam("subject");
        int n;
        try {
            n = Integer.parseInt(ctx.pathParam("n"));
        } catch (NumberFormatException e) {
            throw new FulcrumException.InvalidInput("n", "must be the item's position, a number");
        }
        var items = db.read(h -> CaseDetail.mediaOf(h, subject, json));
        if (n < 0 || n >= items.size()) {
            throw new FulcrumException.NotFound("media item " + n + " of " + subject);
        }
        boolean childSafety = db.read(h -> Cases.childSafety(h, subject));
        Optional<PreservedMedia.Copy> kept =
                childSafety || !items.get(n).preserved() ? Optional.empty() : evidence.open(subject, n);
        if (kept.isPresent()) {
            ReviewFeature.auditView(
                    db,
                    actor(ctx),
                    "media:" + subject + "/" + n,
                    "preserved media item viewed (" + kept.get().id() + ")");
            ctx.header("Cache-Control", "no-store");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
            ctx.header("Fulcrum-Media", "preserved");
            ctx.contentType(kept.get().contentType()).result(kept.get().bytes());
            return;
        }
        MediaProxy.Fetched fetched = childSafety
                ? new MediaProxy.Fetched.Placeholder("Withheld: child-safety media are never shown")
                : items.get(n)
                        .url()
                        .map(media::fetch)
                        .orElseGet(() -> new MediaProxy.Fetched.Placeholder("The platform gave no address for it"));
        if (fetched instanceof MediaProxy.Fetched.Image) {
            ReviewFeature.auditView(db, actor(ctx), "media:" + subject + "/" + n, "media item viewed");
        }
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        switch (fetched) {
            case MediaProxy.Fetched.Image image ->
                ctx.contentType(image.contentType()).result(image.bytes());
            case MediaProxy.Fetched.Placeholder p ->
                ctx.header("Fulcrum-Media", "placeholder")
                        .contentType("image/svg+xml")
                        .result(MediaProxy.placeholderSvg(p.why()));
        }
    }

    private static String casePath(Context ctx) {
        return "/console/cases/" + ctx.pathParam("id");
    }
}
