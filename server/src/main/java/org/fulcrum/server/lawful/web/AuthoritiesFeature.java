package org.fulcrum.server.lawful.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.registry.Authorities;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;

/** Staff API of the authorities registry: agencies, officers, out-of-band verification, keys. */
public final class AuthoritiesFeature implements Feature {
    private static final Role[] STAFF = {Role.LEGAL, Role.ADMIN};

    private final Authorities authorities;
    private final Bodies bodies;

    public AuthoritiesFeature(Authorities authorities, Bodies bodies) {
        this.authorities = authorities;
        this.bodies = bodies;
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/v1/lawful/agencies", ctx -> ctx.json(authorities.agencies()), STAFF);
        r.post("/v1/lawful/agencies", this::createAgency, STAFF);
        r.post("/v1/lawful/agencies/{id}/verify", ctx -> verify(ctx, "agency"), STAFF);
        r.get("/v1/lawful/agencies/{id}/officers", ctx -> ctx.json(authorities.officers(id(ctx))), STAFF);
        r.post("/v1/lawful/officers", this::createOfficer, STAFF);
        r.get("/v1/lawful/officers/{id}", this::officer, STAFF);
        r.post("/v1/lawful/officers/{id}/verify", ctx -> verify(ctx, "officer"), STAFF);
        r.post("/v1/lawful/officers/{id}/keys", this::addKey, STAFF);
        r.post("/v1/lawful/keys/{id}/revoke", this::revoke, STAFF);
    }

    @Override
    public void describe(OpenApi api) {
        api.op("GET", "/v1/lawful/agencies", "Registered agencies")
                .tag("authorities")
                .security("session")
                .response(200, "Agencies", OpenApi.listOf(Authorities.Agency.class))
                .add();
        api.op("POST", "/v1/lawful/agencies", "Register an agency")
                .tag("authorities")
                .security("session")
                .body(Authorities.NewAgency.class)
                .response(201, "Created", Created.class)
                .add();
        api.op("POST", "/v1/lawful/agencies/{id}/verify", "Record the out-of-band verification of an agency")
                .tag("authorities")
                .security("session")
                .body(Verify.class)
                .response(204, "Recorded")
                .add();
        api.op("GET", "/v1/lawful/agencies/{id}/officers", "Officers of an agency")
                .tag("authorities")
                .security("session")
                .response(200, "Officers", OpenApi.listOf(Authorities.Officer.class))
                .add();
        api.op("POST", "/v1/lawful/officers", "Register an officer (portal password included)")
                .tag("authorities")
                .security("session")
                .body(Authorities.NewOfficer.class)
                .response(201, "Created", Created.class)
                .add();
        api.op("GET", "/v1/lawful/officers/{id}", "An officer and their keys")
                .tag("authorities")
                .security("session")
                .response(200, "The officer", OfficerView.class)
                .add();
        api.op("POST", "/v1/lawful/officers/{id}/verify", "Record the out-of-band verification of an officer")
                .tag("authorities")
                .security("session")
                .body(Verify.class)
                .response(204, "Recorded")
                .add();
        api.op(
                        "POST",
                        "/v1/lawful/officers/{id}/keys",
                        "Register an officer's Ed25519 signing or X25519 encryption "
                                + "key; with rotate, the previous keys of that purpose are revoked")
                .tag("authorities")
                .security("session")
                .body(NewKey.class)
                .response(201, "Registered", Authorities.OfficerKey.class)
                .add();
        api.op("POST", "/v1/lawful/keys/{id}/revoke", "Revoke an officer's key")
                .tag("authorities")
                .security("session")
                .body(Revoke.class)
                .response(204, "Revoked")
                .add();
    }

    /** The id of something created. */
    public record Created(String id) {}

    /** How something was verified out of band (a call to the switchboard in the official directory, say). */
    public record Verify(String how) {}

    /** A public key to register: base64url of the raw 32 bytes, as in {@code public-keys.json}. */
    public record NewKey(String purpose, String publicKey, Optional<Boolean> rotate) {}

    /** Why a key is revoked. */
    public record Revoke(String reason) {}

    /** An officer with their keys. */
    public record OfficerView(Authorities.Officer officer, List<Authorities.OfficerKey> keys) {}

    private static String id(Context ctx) {
        return Check.id("id", ctx.pathParam("id"));
    }

    private void createAgency(Context ctx) {
        Authorities.NewAgency in = bodies.json(ctx, Authorities.NewAgency.class);
        ctx.status(201)
                .json(new Created(authorities.createAgency(Access.staff(ctx).actor(), in)));
    }

    private void verify(Context ctx, String what) {
        Verify in = bodies.json(ctx, Verify.class);
        authorities.verify(Access.staff(ctx).actor(), what, id(ctx), in.how());
        ctx.status(204);
    }

    private void createOfficer(Context ctx) {
        Authorities.NewOfficer in = bodies.json(ctx, Authorities.NewOfficer.class);
        ctx.status(201)
                .json(new Created(authorities.createOfficer(Access.staff(ctx).actor(), in)));
    }

    private void officer(Context ctx) {
        String id = id(ctx);
        Authorities.Officer o =
                authorities.officer(id).orElseThrow(() -> new FulcrumException.NotFound("officer " + id));
        ctx.json(new OfficerView(o, authorities.keys(id)));
    }

    private void addKey(Context ctx) {
        NewKey in = bodies.json(ctx, NewKey.class);
        ctx.status(201)
                .json(authorities.addKey(
                        Access.staff(ctx).actor(),
                        id(ctx),
                        in.purpose(),
                        in.publicKey(),
                        in.rotate() != null && in.rotate().orElse(false)));
    }

    private void revoke(Context ctx) {
        Revoke in = bodies.json(ctx, Revoke.class);
        authorities.revokeKey(Access.staff(ctx).actor(), ctx.pathParam("id"), in.reason());
        ctx.status(204);
    }
}
