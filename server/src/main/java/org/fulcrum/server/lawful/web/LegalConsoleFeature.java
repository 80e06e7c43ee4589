package org.fulcrum.server.lawful.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.Lawful;
import org.fulcrum.server.lawful.decision.Disclosures;
import org.fulcrum.server.lawful.intake.LawfulIntake;
import org.fulcrum.server.lawful.registry.OfficerDirectory;
import org.fulcrum.server.lawful.request.ClockText;
import org.fulcrum.server.lawful.request.Instrument;
import org.fulcrum.server.lawful.request.RequestInvalid;
import org.fulcrum.server.lawful.request.RequestStatus;
import org.fulcrum.server.lawful.request.Submission;
import org.fulcrum.server.lawful.review.LawfulQueries;
import org.fulcrum.server.lawful.review.RequestRecord;
import org.fulcrum.server.lawful.review.RequestSearch;
import org.fulcrum.server.lawful.signature.SignatureRejected;
import org.fulcrum.server.policy.Finding;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;
import org.fulcrum.server.web.Text;

/**
 * The legal console: the review queue with clocks, a request with its policy trace and history,
 * and forms for every review step, the manual lane, and the authorities registry.
 */
public final class LegalConsoleFeature implements Feature {
    private static final Role[] READ = {Role.LEGAL, Role.AUDITOR};

    private final Lawful lawful;
    private final Pages pages;
    private final Clock clock;
    private final RequestSearch search;
    private final RequestRecord record;
    private final OfficerDirectory officers;

    private final Json json;

    public LegalConsoleFeature(Lawful lawful, Database db, Pages pages, Clock clock, Json json) {
        this.json = json;
        this.lawful = lawful;
        this.pages = pages;
        this.clock = clock;
        this.search = new RequestSearch(db, clock, json);
        this.record = new RequestRecord(db);
        this.officers = new OfficerDirectory(db, json);
        pages.nav(Pages.Section.URGENT, "Lawful requests", "/console/lawful", Role.LEGAL, Role.AUDITOR);
        pages.attention("/console/lawful", false, viewer -> {
            RequestSearch.Waiting w = search.waiting();
            StringBuilder words =
                    new StringBuilder(Text.plural(w.open(), "request", "requests") + " wait for legal staff");
            if (w.alerted() > 0) {
                words.append("; ").append(w.alerted()).append(" alerted (a clock nearly out or a one-hour order held)");
            }
            if (w.overdue() > 0) {
                words.append("; ").append(w.overdue()).append(" past the deadline");
            }
            return new Pages.Attention(w.open(), w.alerted() > 0 || w.overdue() > 0, words.toString());
        });
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/console/lawful", this::queue, READ);
        r.get("/console/lawful/requests/{id}", this::request, READ);
        r.post("/console/lawful/requests/{id}/{step}", this::step, Role.LEGAL);
        r.get("/console/lawful/requests/{id}/documents/{document}", this::document, READ);
        r.get("/console/lawful/manual", ctx -> manualPage(ctx, ""), Role.LEGAL);
        r.post("/console/lawful/manual", this::manual, Role.LEGAL);
        r.get("/console/lawful/rejections", this::rejections, READ);
    }

    @Override
    public void describe(OpenApi api) {
        // console pages; the same steps are described under /v1/lawful/review
    }

    private void queue(Context ctx) {
        RequestSearch.Filter filter = RequestSearch.Filter.read(ctx.queryParamMap());
        pages.render(
                ctx,
                "lawful/queue.jte",
                "Lawful requests",
                Map.of(
                        "filter",
                        filter,
                        "found",
                        search.find(filter),
                        "instruments",
                        Instrument.values(),
                        "statuses",
                        RequestStatus.values(),
                        "clocks",
                        RequestSearch.ClockFilter.values(),
                        "rejections",
                        lawful.rejections().recent(10),
                        "newSenders",
                        lawful.queries().newSendersExecuted(20),
                        "agencies",
                        agencyNames(),
                        "now",
                        clock.instant()));
    }

    /** Each registered agency's name by its id, for the queue's "From" column. */
    private Map<String, String> agencyNames() {
        Map<String, String> names = new java.util.HashMap<>();
        lawful.authorities().agencies().forEach(a -> names.put(a.id(), a.name()));
        return names;
    }

    private void request(Context ctx) {
        render(
                ctx,
                Check.id("id", ctx.pathParam("id")),
                Optional.ofNullable(ctx.queryParam("message")).orElse(""),
                Optional.ofNullable(ctx.queryParam("error")).orElse(""),
                Map.of());
    }

    /**
     * The request's page; {@code typed} holds what a refused form was sent with, keyed
     * {@code step.field}, so that form comes back filled in beside the error.
     */
    private void render(Context ctx, String id, String message, String error, Map<String, String> typed) {
        LawfulQueries.RequestView view = lawful.queries().view(id);
        pages.render(
                ctx,
                "lawful/request.jte",
                "Request " + id,
                Map.ofEntries(
                        Map.entry("v", view),
                        Map.entry("record", record.of(view.request())),
                        Map.entry("officers", officers.all()),
                        Map.entry("clock", ClockText.of(view.request(), clock.instant())),
                        Map.entry("message", message),
                        Map.entry("error", error),
                        Map.entry("typed", typed),
                        Map.entry("findings", Finding.values()),
                        Map.entry("json", json.write(view.request().submission()))));
    }

    private void document(Context ctx) {
        LawfulQueries.DocumentContent d = lawful.queries()
                .document(Check.id("id", ctx.pathParam("id")), Check.id("document", ctx.pathParam("document")));
        String name = d.name().replaceAll("[^A-Za-z0-9._-]", "_");
        // served as a download only: an uploaded file never runs in the console's origin
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .contentType("application/octet-stream")
                .result(d.content());
    }

    private void step(Context ctx) {
        String id = Check.id("id", ctx.pathParam("id"));
        Principal.Staff staff = Access.staff(ctx);
        String message;
        try {
            message = switch (ctx.pathParam("step")) {
                case "finding" ->
                    "finding recorded; decided again: "
                            + words(lawful.review()
                                    .finding(
                                            staff,
                                            id,
                                            Check.id("subjectId", ctx.formParam("subjectId")),
                                            Finding.parse(ctx.formParam("finding")),
                                            ctx.formParam("why"))
                                    .status());
                case "callback" ->
                    "call-back recorded: "
                            + lawful.review()
                                    .callback(
                                            staff,
                                            id,
                                            ctx.formParam("contact"),
                                            "yes".equals(ctx.formParam("confirmed")),
                                            ctx.formParam("note"));
                case "clarify" -> {
                    lawful.review().clarify(staff, id, ctx.formParam("question"));
                    yield "question sent; the clock is paused";
                }
                case "execute" ->
                    "execution: "
                            + words(lawful.review()
                                    .execute(staff, id, ctx.formParam("reason"))
                                    .status());
                case "approve" -> {
                    Disclosures.Approval a = lawful.review().approveDisclosure(staff, id, ctx.formParam("reason"));
                    yield a.executed()
                            ? "disclosure executed and sealed to the officer's key"
                            : "approval recorded (" + a.approvers() + " of " + Disclosures.APPROVERS + ")";
                }
                case "refuse" -> {
                    lawful.review().refuse(staff, id, ctx.formParam("reason"));
                    yield "refused";
                }
                case "reconsider" ->
                    "decided again: "
                            + words(lawful.review().reconsider(staff, id).status());
                case "officer" -> {
                    OfficerDirectory.Choice o = officers.find("officer", ctx.formParam("officer"));
                    officers.attach(staff, id, o, ctx.formParam("reason"));
                    yield "officer " + o.username() + " attached; the disclosure is sealed to their key";
                }
                default -> throw new FulcrumException.NotFound("step " + ctx.pathParam("step"));
            };
        } catch (FulcrumException.NotFound e) {
            throw e;
        } catch (FulcrumException e) {
            // the error names the field at fault, in words, on the request's page, with the form as typed
            String why = e instanceof FulcrumException.InvalidInput bad
                    ? bad.field() + ": " + bad.getMessage()
                    : e.getMessage();
            String step = ctx.pathParam("step");
            Map<String, String> typed = new java.util.HashMap<>();
            for (String field : new String[] {
                "subjectId", "finding", "why", "officer", "reason", "contact", "confirmed", "note", "question"
            }) {
                String v = ctx.formParam(field);
                if (v != null) {
                    typed.put(step + "." + field, v.length() > 5000 ? v.substring(0, 5000) : v);
                }
            }
            ctx.status(e instanceof FulcrumException.InvalidInput ? 422 : 409);
            render(ctx, id, "", why, typed);
            return;
        }
        ctx.redirect(
                "/console/lawful/requests/" + id + "?message=" + URLEncoder.encode(message, StandardCharsets.UTF_8));
    }

    private static String words(RequestStatus s) {
        return Text.lower(s.name());
    }

    private void manualPage(Context ctx, String error) {
        if (!error.isEmpty()) {
            ctx.status(422);
        }
        pages.render(
                ctx,
                "lawful/manual.jte",
                "Enter a request received by e-mail, post or fax",
                Map.of(
                        "agencies",
                        lawful.authorities().agencies(),
                        "officers",
                        officers.all(),
                        "error",
                        error,
                        "officer",
                        Optional.ofNullable(ctx.formParam("officer")).orElse(""),
                        "form",
                        error.isEmpty() ? FormValues.EMPTY : new FormValues(ctx.formParamMap())));
    }

    private void manual(Context ctx) {
        try {
            Submission s = SubmissionForm.read(ctx);
            // the picker sends a username (or an id); the officer may also be attached later on the request's page
            Optional<String> officer = Optional.ofNullable(ctx.formParam("officer"))
                    .filter(o -> !o.isBlank())
                    .map(o -> officers.find("officer", o).id());
            LawfulIntake.ManualEntry entry =
                    new LawfulIntake.ManualEntry(ctx.formParam("agencyId"), officer, ctx.formParam("receivedVia"), s);
            LawfulIntake.Received received = lawful.intake()
                    .submitManual(
                            Access.staff(ctx),
                            entry,
                            json.write(s).getBytes(StandardCharsets.UTF_8),
                            Uploads.document("document", ctx.uploadedFile("document")));
            String message = received.repeat()
                    ? "already entered under this agency and reference: nothing added"
                    : "entered; unverified until call-back";
            ctx.redirect("/console/lawful/requests/" + received.id() + "?message="
                    + URLEncoder.encode(message, StandardCharsets.UTF_8));
        } catch (FulcrumException.InvalidInput e) {
            manualPage(ctx, e.field() + ": " + e.getMessage());
        } catch (FulcrumException.Conflict e) {
            manualPage(ctx, "reference: " + e.getMessage());
        } catch (RequestInvalid e) {
            manualPage(
                    ctx,
                    String.join(
                            "; ",
                            e.errors().stream()
                                    .map(x -> x.field() + ": " + x.reason())
                                    .toList()));
        } catch (SignatureRejected e) {
            manualPage(ctx, "jurisdiction: " + e.getMessage());
        }
    }

    private void rejections(Context ctx) {
        pages.render(
                ctx,
                "lawful/rejections.jte",
                "Rejected requests",
                Map.of("rejections", lawful.rejections().recent(500)));
    }
}
