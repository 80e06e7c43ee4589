package org.fulcrum.server.lawful.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.auth.Credentials;
import org.fulcrum.server.auth.QrSvg;
import org.fulcrum.server.auth.Realm;
import org.fulcrum.server.auth.RememberedBrowsers;
import org.fulcrum.server.auth.Totp;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.Lawful;
import org.fulcrum.server.lawful.intake.LawfulIntake;
import org.fulcrum.server.lawful.request.RequestInvalid;
import org.fulcrum.server.lawful.request.Submission;
import org.fulcrum.server.lawful.signature.SignatureRejected;
import org.fulcrum.server.web.Cookies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;
import org.fulcrum.server.web.RateLimiter;
import org.fulcrum.server.web.Text;

/**
 * The authority portal: an officer signs in with password and TOTP, submits a request with a
 * document, follows its status and clock, answers questions, withdraws a request not yet executed,
 * and downloads the encrypted answer.
 */
public final class PortalFeature implements Feature {
    /** The portal's session cookie, scoped to /portal. */
    public static final String COOKIE = "fulcrum_portal";
    /** The portal's device cookie: a browser where the officer passed both factors. */
    public static final String DEVICE_COOKIE = "fulcrum_portal_device";

    private final Lawful lawful;
    private final Credentials portal;
    private final RememberedBrowsers browsers;
    private final Pages pages;
    private final RateLimiter limiter;
    private final Clock clock;

    private final Json json;

    public PortalFeature(
            Lawful lawful,
            Credentials portal,
            RememberedBrowsers browsers,
            Pages pages,
            RateLimiter limiter,
            Clock clock,
            Json json) {
        this.json = json;
        this.browsers = browsers;
        this.lawful = lawful;
        this.portal = portal;
        this.pages = pages;
        this.limiter = limiter;
        this.clock = clock;
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/portal", this::home);
        r.get(
                "/portal/login",
                ctx -> render(
                        ctx, "lawful/portal-login.jte", "Authority portal", null, Map.of("error", "", "username", "")));
        r.post("/portal/login", this::login);
        r.get("/portal/login/totp", this::totpPage);
        r.post("/portal/login/totp", this::totp);
        r.post("/portal/logout", this::logout);
        r.get("/portal/account/password", ctx -> passwordPage(ctx, "", ""));
        r.post("/portal/account/password", this::changePassword);
        r.get("/portal/requests/new", ctx -> newPage(ctx, ""));
        r.post("/portal/requests", this::submit);
        r.get("/portal/requests/{id}", this::request);
        r.post("/portal/requests/{id}/answer", this::answer);
        r.post("/portal/requests/{id}/withdrawal", this::withdraw);
        r.get("/portal/requests/{id}/package", this::download);
    }

    @Override
    public void describe(OpenApi api) {
        // pages for people, not API operations
    }

    private Optional<Credentials.Session> session(Context ctx) {
        return portal.session(Realm.OFFICER, Cookies.get(ctx, COOKIE)).filter(Credentials.Session::complete);
    }

    private void guarded(Context ctx, java.util.function.Consumer<Credentials.Session> page) {
        Optional<Credentials.Session> s = session(ctx);
        if (s.isEmpty()) {
            ctx.redirect("/portal/login");
            return;
        }
        if (s.get().mustChangePassword()) {
            // The password the legal desk handed over works once: nothing else until it is replaced.
            ctx.redirect("/portal/account/password");
            return;
        }
        page.accept(s.get());
    }

    private void render(Context ctx, String template, String title, Credentials.Session s, Map<String, Object> params) {
        Map<String, Object> all = new HashMap<>(params);
        all.put("officer", s == null ? "" : s.name() + " (" + s.username() + ")");
        pages.render(ctx, template, title, all);
    }

    private void home(Context ctx) {
        guarded(
                ctx,
                s -> render(
                        ctx,
                        "lawful/portal-home.jte",
                        "Your requests",
                        s,
                        Map.of("requests", lawful.queries().ofOfficer(s.accountId()), "now", clock.instant())));
    }

    private void login(Context ctx) {
        switch (portal.signIn(
                Realm.OFFICER,
                ctx.formParam("username"),
                ctx.formParam("password"),
                ctx.ip(),
                Cookies.get(ctx, DEVICE_COOKIE))) {
            case Credentials.PasswordStep.Accepted ok -> {
                Cookies.set(ctx, COOKIE, ok.sessionSecret(), Realm.OFFICER.sessionLifetime());
                ctx.redirect("/portal/login/totp");
            }
            case Credentials.PasswordStep.Refused no -> {
                ctx.status(401);
                render(
                        ctx,
                        "lawful/portal-login.jte",
                        "Authority portal",
                        null,
                        Map.of(
                                "error",
                                no.reason(),
                                "username",
                                Text.clip(
                                        Optional.ofNullable(ctx.formParam("username"))
                                                .orElse(""),
                                        100)));
            }
        }
    }

    private void totpPage(Context ctx) {
        String cookie = Cookies.get(ctx, COOKIE);
        Optional<Credentials.Session> s = portal.session(Realm.OFFICER, cookie);
        if (s.isEmpty()) {
            ctx.redirect("/portal/login");
            return;
        }
        String secret = s.get().totpConfirmed() ? "" : portal.beginTotpEnrolment(Realm.OFFICER, cookie);
        String qr = secret.isEmpty()
                ? ""
                : QrSvg.of(Totp.uri("Fulcrum portal", s.get().username(), secret), "QR code of the second-factor key");
        render(ctx, "lawful/portal-totp.jte", "Second factor", null, Map.of("error", "", "secret", secret, "qr", qr));
    }

    private void totp(Context ctx) {
        String cookie = Cookies.get(ctx, COOKIE);
        Optional<Credentials.Session> s = portal.session(Realm.OFFICER, cookie);
        if (s.isEmpty()) {
            ctx.redirect("/portal/login");
            return;
        }
        switch (portal.secondFactor(
                Realm.OFFICER, cookie, ctx.formParam("code"), Cookies.get(ctx, DEVICE_COOKIE), ctx.userAgent())) {
            case Credentials.CodeStep.Accepted ok -> {
                Cookies.set(ctx, COOKIE, ok.sessionSecret(), Realm.OFFICER.sessionLifetime());
                Cookies.set(ctx, DEVICE_COOKIE, ok.deviceSecret(), Credentials.deviceLifetime());
                ctx.redirect(s.get().mustChangePassword() ? "/portal/account/password" : "/portal");
            }
            case Credentials.CodeStep.Refused no -> {
                ctx.status(401);
                render(
                        ctx,
                        "lawful/portal-totp.jte",
                        "Second factor",
                        null,
                        Map.of("error", no.reason(), "secret", "", "qr", ""));
            }
            case Credentials.CodeStep.Discarded gone -> {
                ctx.status(401);
                render(
                        ctx,
                        "lawful/portal-login.jte",
                        "Authority portal",
                        null,
                        Map.of("error", gone.reason(), "username", s.get().username()));
            }
        }
    }

    private void passwordPage(Context ctx, String error, String field) {
        Optional<Credentials.Session> s = session(ctx);
        if (s.isEmpty()) {
            ctx.redirect("/portal/login");
            return;
        }
        if (!error.isEmpty()) {
            ctx.status(400);
        }
        boolean oneTime = s.get().mustChangePassword();
        render(
                ctx,
                "lawful/portal-password.jte",
                oneTime ? "Choose a password" : "Your account",
                s.get(),
                Map.of(
                        "error",
                        error,
                        "field",
                        field,
                        "oneTime",
                        oneTime,
                        "browsers",
                        oneTime
                                ? List.of()
                                : browsers.of(Realm.OFFICER, s.get().accountId(), Cookies.get(ctx, DEVICE_COOKIE)),
                        "done",
                        RememberedBrowsers.done(ctx.queryParam("done"))));
    }

    private void changePassword(Context ctx) {
        if (session(ctx).isEmpty()) {
            ctx.redirect("/portal/login");
            return;
        }
        try {
            String fresh = portal.changePassword(
                    Realm.OFFICER, Cookies.get(ctx, COOKIE), ctx.formParam("current"), ctx.formParam("password"));
            Cookies.set(ctx, COOKIE, fresh, Realm.OFFICER.sessionLifetime());
        } catch (FulcrumException.InvalidInput e) {
            passwordPage(ctx, e.getMessage(), e.field());
            return;
        }
        ctx.redirect("/portal");
    }

    private void logout(Context ctx) {
        portal.logout(Realm.OFFICER, Cookies.get(ctx, COOKIE));
        Cookies.clear(ctx, COOKIE);
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
        Optional<Credentials.Session> s = session(ctx);
        if (s.isEmpty() || s.get().mustChangePassword()) {
            ctx.redirect("/portal/login");
            return;
        }
        limiter.acquire("officer:" + s.get().accountId(), lawful.settings().officerRequestsPerMinute());
        try {
            Submission submission = SubmissionForm.read(ctx);
            Optional<LawfulIntake.Document> document = document(ctx.uploadedFile("document"));
            String id = lawful.intake()
                    .submitPortal(
                            s.get().accountId(),
                            submission,
                            json.write(submission).getBytes(StandardCharsets.UTF_8),
                            document)
                    .id();
            ctx.redirect("/portal/requests/" + id);
        } catch (FulcrumException.InvalidInput e) {
            newPage(ctx, e.field() + ": " + e.getMessage());
        } catch (FulcrumException.Conflict e) {
            newPage(ctx, "reference: " + e.getMessage());
        } catch (RequestInvalid e) {
            newPage(
                    ctx,
                    String.join(
                            "; ",
                            e.errors().stream()
                                    .map(x -> x.field() + ": " + x.reason())
                                    .toList()));
        } catch (SignatureRejected e) {
            newPage(ctx, "jurisdiction: " + e.getMessage());
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
            return Optional.of(new LawfulIntake.Document(
                    file.filename(),
                    file.contentType() == null ? "application/octet-stream" : file.contentType(),
                    in.readNBytes(LawfulIntake.Document.MAX_BYTES + 1)));
        } catch (IOException e) {
            throw new FulcrumException.InvalidInput("document", "could not be read");
        }
    }

    private String owned(Context ctx, Credentials.Session s) {
        String id = Check.id("id", ctx.pathParam("id"));
        lawful.queries().requireAccess(id, s.accountId());
        return id;
    }

    private void request(Context ctx) {
        guarded(ctx, s -> {
            String id = owned(ctx, s);
            render(
                    ctx,
                    "lawful/portal-request.jte",
                    "Request " + id,
                    s,
                    Map.of(
                            "status",
                            lawful.queries().status(id),
                            "error",
                            Optional.ofNullable(ctx.queryParam("error")).orElse("")));
        });
    }

    private void answer(Context ctx) {
        guarded(ctx, s -> {
            String id = owned(ctx, s);
            try {
                lawful.review()
                        .answer(
                                "officer:" + s.accountId(),
                                id,
                                ctx.formParam("answer"),
                                SubmissionForm.lines(ctx.formParam("targets")).stream()
                                        .map(l -> new Submission.Target(l, Optional.empty()))
                                        .toList());
                ctx.redirect("/portal/requests/" + id);
            } catch (FulcrumException e) {
                ctx.redirect("/portal/requests/" + id + "?error="
                        + java.net.URLEncoder.encode(e.getMessage(), StandardCharsets.UTF_8));
            }
        });
    }

    private void withdraw(Context ctx) {
        guarded(ctx, s -> {
            String id = owned(ctx, s);
            try {
                lawful.withdrawals().withdraw("officer:" + s.accountId(), id, ctx.formParam("reason"));
                ctx.redirect("/portal/requests/" + id);
            } catch (FulcrumException e) {
                String why = e instanceof FulcrumException.InvalidInput bad
                        ? bad.field() + ": " + bad.getMessage()
                        : e.getMessage();
                ctx.redirect(
                        "/portal/requests/" + id + "?error=" + java.net.URLEncoder.encode(why, StandardCharsets.UTF_8));
            }
        });
    }

    private void download(Context ctx) {
        guarded(ctx, s -> {
            String id = owned(ctx, s);
            String pkg = lawful.queries()
                    .sealedPackage(id)
                    .orElseThrow(() -> new FulcrumException.NotFound("disclosure package of request " + id));
            ctx.header("Content-Disposition", "attachment; filename=\"" + id + ".package.json\"")
                    .contentType("application/json")
                    .result(pkg);
        });
    }
}
