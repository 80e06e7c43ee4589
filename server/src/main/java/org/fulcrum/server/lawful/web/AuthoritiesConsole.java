package org.fulcrum.server.lawful.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.auth.Passwords;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.registry.Authorities;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.lawful.signature.KeyPaste;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;

/**
 * The authorities page for legal staff: agencies, their officers and keys, out-of-band verification,
 * key rotation and revocation, and the officer's portal account with a one-time password shown once.
 * Every form keeps its input and names the field at fault when it is refused.
 */
public final class AuthoritiesConsole implements Feature {
    private static final String PAGE = "/console/lawful/authorities";

    private final Authorities authorities;
    private final Pages pages;
    private final Json json;

    public AuthoritiesConsole(Authorities authorities, Pages pages, Json json) {
        this.authorities = authorities;
        this.json = json;
        this.pages = pages;
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get(PAGE, ctx -> render(ctx, "", "", Map.of()), Role.LEGAL, Role.AUDITOR);
        r.post(PAGE + "/agencies", this::agency, Role.LEGAL);
        r.post(PAGE + "/officers", this::officer, Role.LEGAL);
        r.post(PAGE + "/verify", this::verify, Role.LEGAL);
        r.post(PAGE + "/keys", this::key, Role.LEGAL);
        r.post(PAGE + "/keys/{key}/revoke", this::revoke, Role.LEGAL);
    }

    @Override
    public void describe(OpenApi api) {
        // console pages; the same registry is described under /v1/lawful/agencies and /v1/lawful/officers
    }

    private void render(Context ctx, String message, String error, Map<String, String> form) {
        if (!error.isEmpty()) {
            ctx.status(422);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("agencies", authorities.agencies());
        params.put("authorities", authorities);
        params.put(
                "message",
                message.isEmpty()
                        ? Optional.ofNullable(ctx.queryParam("message")).orElse("")
                        : message);
        params.put("error", error);
        params.put("form", form);
        pages.render(ctx, "lawful/authorities.jte", "Authorities", params);
    }

    /** Runs a form step; a refusal re-renders the page with the input and the field at fault. */
    private void attempt(Context ctx, String form, java.util.function.Supplier<String> step) {
        Map<String, String> input = new HashMap<>();
        ctx.formParamMap().forEach((k, v) -> input.put(form + "." + k, v.isEmpty() ? "" : v.get(0)));
        try {
            String done = step.get();
            render(ctx, done, "", Map.of());
        } catch (FulcrumException.InvalidInput e) {
            render(ctx, "", e.field() + ": " + e.getMessage(), input);
        } catch (FulcrumException.NotFound | FulcrumException.Conflict e) {
            render(ctx, "", e.getMessage(), input);
        }
    }

    private void agency(Context ctx) {
        attempt(ctx, "agency", () -> {
            List<String> jurisdictions = Arrays.stream(Optional.ofNullable(ctx.formParam("jurisdictions"))
                            .orElse("")
                            .split("[,\\s]+"))
                    .filter(s -> !s.isBlank())
                    .map(s -> s.strip().toUpperCase(java.util.Locale.ROOT))
                    .toList();
            String id = authorities.createAgency(
                    Access.staff(ctx).actor(),
                    new Authorities.NewAgency(
                            ctx.formParam("name"),
                            ctx.formParam("country"),
                            ctx.formParam("kind"),
                            jurisdictions,
                            ctx.formParam("contactPhone"),
                            ctx.formParam("contactEmail")));
            return "agency " + id + " registered; verify it out of band before its requests count as verified";
        });
    }

    private void officer(Context ctx) {
        attempt(ctx, "officer", () -> {
            // the officer's first portal password: shown once here, never stored in clear, changed at first sign-in
            String password = Passwords.random(16);
            String id = authorities.createOfficer(
                    Access.staff(ctx).actor(),
                    new Authorities.NewOfficer(
                            ctx.formParam("agencyId"),
                            ctx.formParam("name"),
                            ctx.formParam("email"),
                            ctx.formParam("phone"),
                            ctx.formParam("username"),
                            password));
            return "officer " + id + " registered with portal user '" + ctx.formParam("username")
                    + "' and one-time password " + password + " (give it to the officer out of band; it is shown only"
                    + " once)";
        });
    }

    private void verify(Context ctx) {
        attempt(ctx, "verify", () -> {
            String what = ctx.formParam("what");
            if (!"agency".equals(what) && !"officer".equals(what)) {
                throw new FulcrumException.InvalidInput("what", "must be agency or officer");
            }
            String id = Check.id("id", ctx.formParam("id"));
            String how =
                    Optional.ofNullable(ctx.formParam("how")).map(String::strip).orElse("");
            if (how.isEmpty() || how.length() > 1000) {
                throw new FulcrumException.InvalidInput("how", "say how it was verified (at most 1000 characters)");
            }
            authorities.verify(Access.staff(ctx).actor(), what, id, how);
            return what + " " + id + " verified: " + how;
        });
    }

    private void key(Context ctx) {
        attempt(ctx, "key", () -> {
            String officerId = Check.id("officerId", ctx.formParam("officerId"));
            Optional<String> purpose =
                    Optional.ofNullable(ctx.formParam("purpose")).filter(p -> !p.isBlank());
            String text = Optional.ofNullable(ctx.formParam("publicKey")).orElse("");
            var file = ctx.uploadedFile("keyFile");
            if (file != null && file.size() > 0) {
                if (file.size() > KeyPaste.MAX_CHARS) {
                    throw new FulcrumException.InvalidInput(
                            "keyFile", "must be at most " + KeyPaste.MAX_CHARS + " bytes");
                }
                try (InputStream in = file.content()) {
                    text = new String(in.readNBytes(KeyPaste.MAX_CHARS), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new FulcrumException.InvalidInput("keyFile", "could not be read");
                }
            }
            boolean rotate = "yes".equals(ctx.formParam("rotate"));
            List<KeyPaste.Key> keys = KeyPaste.read(text, purpose, json);
            // check every key before registering any, so a bad second key leaves nothing half-registered
            keys.forEach(k -> Jwk.publicKey(k.purpose().equals("sign") ? Jwk.ED25519 : Jwk.X25519, k.x())
                    .publicBytes());
            StringBuilder done = new StringBuilder();
            for (KeyPaste.Key k : keys) {
                Authorities.OfficerKey added =
                        authorities.addKey(Access.staff(ctx).actor(), officerId, k.purpose(), k.x(), rotate);
                done.append(done.isEmpty() ? "" : "; ")
                        .append(k.purpose())
                        .append(" key ")
                        .append(added.keyId())
                        .append(rotate ? " registered, older ones revoked" : " registered");
            }
            return done.toString();
        });
    }

    private void revoke(Context ctx) {
        attempt(ctx, "revoke", () -> {
            String key = ctx.pathParam("key");
            if (key.isBlank() || key.length() > 200) {
                throw new FulcrumException.InvalidInput("key", "is not a key id");
            }
            String reason = Optional.ofNullable(ctx.formParam("reason"))
                    .map(String::strip)
                    .orElse("");
            if (reason.isEmpty()) {
                throw new FulcrumException.InvalidInput("reason", "say why the key is revoked");
            }
            authorities.revokeKey(Access.staff(ctx).actor(), key, reason);
            return "key " + key + " revoked";
        });
    }
}
