package org.fulcrum.server.lawful;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.FulcrumException;
import org.fulcrum.server.auth.StaffService;
import org.fulcrum.server.platform.Check;
import org.fulcrum.server.web.Cookies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.Json;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;
import org.fulcrum.server.web.RateLimiter;

/**
 * The authority portal: an officer signs in with password and TOTP, submits a request with a
 * document, follows its status and clock, answers questions, and downloads the encrypted answer.
 */
public final class PortalFeature implements Feature {
    private final Lawful lawful;
    private final OfficerPortal portal;
    private final Pages pages;
    private final RateLimiter limiter;
    private final Clock clock;

    public PortalFeature(Lawful lawful, OfficerPortal portal, Pages pages, RateLimiter limiter, Clock clock) {
        this.lawful = lawful;
        this.portal = portal;
        this.pages = pages;
        this.limiter = limiter;
        this.clock = clock;
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/portal", this::home);
        r.get("/portal/login", ctx -> render(ctx, "lawful/portal-login.jte", "Authority portal", null,
                Map.of("error", "")));
        r.post("/portal/login", this::login);
        r.get("/portal/login/totp", this::totpPage);
        r.post("/portal/login/totp", this::totp);
        r.post("/portal/logout", this::logout);
        r.get("/portal/requests/new", ctx -> newPage(ctx, ""));
        r.post("/portal/requests", this::submit);
        r.get("/portal/requests/{id}", this::request);
        r.post("/portal/requests/{id}/answer", this::answer);
        r.get("/portal/requests/{id}/package", this::download);
    }

    @Override
    public void describe(OpenApi api) {
        // pages for people, not API operations
    }

    private Optional<OfficerPortal.Session> session(Context ctx) {
        return portal.session(Cookies.get(ctx, OfficerPortal.COOKIE)).filter(OfficerPortal.Session::complete);
    }

    private void guarded(Context ctx, java.util.function.Consumer<OfficerPortal.Session> page) {
        Optional<OfficerPortal.Session> s = session(ctx);
        if (s.isEmpty()) {
            ctx.redirect("/portal/login");
            return;
        }
        page.accept(s.get());
    }

    private void render(Context ctx, String template, String title, OfficerPortal.Session s, Map<String, Object> params) {
        Map<String, Object> all = new HashMap<>(params);
        all.put("officer", s == null ? "" : s.name() + " (" + s.username() + ")");
        pages.render(ctx, template, title, all);
    }

    private void home(Context ctx) {
        guarded(ctx, s -> render(ctx, "lawful/portal-home.jte", "Your requests", s, Map.of(
                "requests", lawful.queries().ofOfficer(s.officerId()), "now", clock.instant())));
    }

    private void login(Context ctx) {
        switch (portal.login(ctx.formParam("username"), ctx.formParam("password"))) {
            case StaffService.PasswordStep.Accepted ok -> {
                Cookies.set(ctx, OfficerPortal.COOKIE, ok.sessionSecret(), OfficerPortal.LIFETIME);
                ctx.redirect("/portal/login/totp");
            }
            case StaffService.PasswordStep.Refused no -> {
                ctx.status(401);
                render(ctx, "lawful/portal-login.jte", "Authority portal", null, Map.of("error", no.reason()));
            }
        }
    }

    private void totpPage(Context ctx) {
        String cookie = Cookies.get(ctx, OfficerPortal.COOKIE);
        Optional<OfficerPortal.Session> s = portal.session(cookie);
        if (s.isEmpty()) {
            ctx.redirect("/portal/login");
            return;
        }
        String secret = s.get().totpConfirmed() ? "" : portal.beginTotpEnrolment(cookie);
        render(ctx, "lawful/portal-totp.jte", "Second factor", null, Map.of("error", "", "secret", secret));
    }

    private void totp(Context ctx) {
        String cookie = Cookies.get(ctx, OfficerPortal.COOKIE);
        if (portal.session(cookie).isEmpty()) {
            ctx.redirect("/portal/login");
            return;
        }
        if (!portal.secondFactor(cookie, ctx.formParam("code"))) {
            ctx.status(401);
            render(ctx, "lawful/portal-totp.jte", "Second factor", null, Map.of("error", "That code is not valid.",
                    "secret", ""));
            return;
        }
        ctx.redirect("/portal");
    }

    private void logout(Context ctx) {
        portal.logout(Cookies.get(ctx, OfficerPortal.COOKIE));
        Cookies.clear(ctx, OfficerPortal.COOKIE);
        ctx.redirect("/portal/login");
    }

    private void newPage(Context ctx, String error) {
        guarded(ctx, s -> {
            if (!error.isEmpty()) {
                ctx.status(422);
            }
            render(ctx, "lawful/portal-new.jte", "New request", s, Map.of("error", error));
        });
    }

    private void submit(Context ctx) {
        Optional<OfficerPortal.Session> s = session(ctx);
        if (s.isEmpty()) {
            ctx.redirect("/portal/login");
            return;
        }
        limiter.acquire("officer:" + s.get().officerId(), lawful.settings().officerRequestsPerMinute());
        try {
            Submission submission = SubmissionForm.read(ctx);
            Optional<LawfulIntake.Document> document = document(ctx.uploadedFile("document"));
            String id = lawful.intake().submitPortal(s.get().officerId(), submission,
                    Json.write(submission).getBytes(StandardCharsets.UTF_8), document);
            ctx.redirect("/portal/requests/" + id);
        } catch (FulcrumException.InvalidInput e) {
            newPage(ctx, e.field() + ": " + e.getMessage());
        } catch (RequestInvalid e) {
            newPage(ctx, String.join("; ", e.errors().stream().map(x -> x.field() + ": " + x.reason()).toList()));
        }
    }

    private static Optional<LawfulIntake.Document> document(UploadedFile file) {
        if (file == null || file.size() == 0) {
            return Optional.empty();
        }
        if (file.size() > LawfulIntake.Document.MAX_BYTES) {
            throw new FulcrumException.InvalidInput("document", "must be at most 2 MB");
        }
        try (InputStream in = file.content()) {
            return Optional.of(new LawfulIntake.Document(file.filename(),
                    file.contentType() == null ? "application/octet-stream" : file.contentType(),
                    in.readNBytes(LawfulIntake.Document.MAX_BYTES + 1)));
        } catch (IOException e) {
            throw new FulcrumException.InvalidInput("document", "could not be read");
        }
    }

    private String owned(Context ctx, OfficerPortal.Session s) {
        String id = Check.id("id", ctx.pathParam("id"));
        lawful.queries().requireAccess(id, s.officerId());
        return id;
    }

    private void request(Context ctx) {
        guarded(ctx, s -> {
            String id = owned(ctx, s);
            render(ctx, "lawful/portal-request.jte", "Request " + id, s, Map.of("status", lawful.queries().status(id),
                    "error", Optional.ofNullable(ctx.queryParam("error")).orElse("")));
        });
    }

    private void answer(Context ctx) {
        guarded(ctx, s -> {
            String id = owned(ctx, s);
            try {
                lawful.review().answer("officer:" + s.officerId(), id, ctx.formParam("answer"),
                        SubmissionForm.lines(ctx.formParam("targets")).stream()
                                .map(l -> new Submission.Target(l, Optional.empty())).toList());
                ctx.redirect("/portal/requests/" + id);
            } catch (FulcrumException e) {
                ctx.redirect("/portal/requests/" + id + "?error="
                        + java.net.URLEncoder.encode(e.getMessage(), StandardCharsets.UTF_8));
            }
        });
    }

    private void download(Context ctx) {
        guarded(ctx, s -> {
            String id = owned(ctx, s);
            String pkg = lawful.queries().sealedPackage(id)
                    .orElseThrow(() -> new FulcrumException.NotFound("disclosure package of request " + id));
            ctx.header("Content-Disposition", "attachment; filename=\"" + id + ".package.json\"")
                    .contentType("application/json").result(pkg);
        });
    }
}
