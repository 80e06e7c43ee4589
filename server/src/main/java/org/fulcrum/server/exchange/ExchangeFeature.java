package org.fulcrum.server.exchange;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.detect.Banks;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Params;

/**
 * The hash-sharing API: the publisher key, published banks' signed feeds, publication (admins),
 * exchanges followed (admins create and delete, moderators pull now), opinions on shared hashes,
 * and the import of ThreatExchange and HMA signal files.
 */
public final class ExchangeFeature implements Feature {
    static final Role[] READ = {Role.ADMIN, Role.MODERATOR, Role.AUDITOR};
    static final Role[] KEY = {Role.ADMIN, Role.MODERATOR, Role.AUDITOR, Role.HASH_SHARING};
    static final Role[] FEED = {Role.ADMIN, Role.HASH_SHARING};
    static final Role[] ADMIN = {Role.ADMIN};
    static final Role[] OPERATE = {Role.ADMIN, Role.MODERATOR};
    static final Role[] IMPORT = {Role.ADMIN, Role.MODERATOR, Role.HASH_SHARING};

    private final FeedKey key;
    private final Publications publications;
    private final Exchanges exchanges;
    private final Banks banks;
    private final Bodies bodies;
    private final Json json;
    private final long maxImportBytes;

    public ExchangeFeature(
            FeedKey key,
            Publications publications,
            Exchanges exchanges,
            Banks banks,
            Bodies bodies,
            Json json,
            long maxImportBytes) {
        this.key = key;
        this.publications = publications;
        this.exchanges = exchanges;
        this.banks = banks;
        this.bodies = bodies;
        this.json = json;
        this.maxImportBytes = maxImportBytes;
    }

    /**
     * Whether a bank's feed is served.
     *
     * @param published true to serve it
     */
    public record PublishRequest(boolean published) {}

    /**
     * What a signal file import did.
     *
     * @param changed the change to the bank
     * @param skipped signals of types a bank does not hold (URLs, text, TMK...)
     */
    public record SignalImport(Banks.Changed changed, int skipped) {}

    @Override
    public void routes(RoutesConfig r) {
        r.get("/v1/exchange/key", ctx -> ctx.json(key.publicKey()), KEY);
        r.get("/v1/exchange/banks/{name}/feed", this::feed, FEED);
        r.get("/v1/exchange/publications", ctx -> ctx.json(publications.list()), READ);
        r.put(
                "/v1/exchange/publications/{id}",
                ctx -> ctx.json(publications.publish(
                        actor(ctx),
                        id(ctx),
                        bodies.json(ctx, PublishRequest.class).published())),
                ADMIN);
        r.get("/v1/exchanges", ctx -> ctx.json(exchanges.list()), READ);
        r.post(
                "/v1/exchanges",
                ctx -> ctx.status(201)
                        .json(exchanges.create(actor(ctx), bodies.json(ctx, Exchanges.ExchangeSpec.class))),
                ADMIN);
        r.get("/v1/exchanges/{id}", ctx -> ctx.json(exchanges.find(id(ctx))), READ);
        r.delete(
                "/v1/exchanges/{id}",
                ctx -> {
                    exchanges.delete(actor(ctx), id(ctx));
                    ctx.status(204);
                },
                ADMIN);
        r.post("/v1/exchanges/{id}/sync", ctx -> ctx.json(exchanges.sync(id(ctx))), OPERATE);
        r.post(
                "/v1/exchange/opinions",
                ctx -> {
                    exchanges.opinion(actor(ctx), bodies.json(ctx, Exchanges.HashOpinion.class));
                    ctx.status(204);
                },
                OPERATE);
        r.post("/v1/banks/{id}/signals", this::importSignals, IMPORT);
    }

    private void feed(Context ctx) {
        String raw = ctx.queryParam("cursor");
        long cursor;
        try {
            cursor = raw == null || raw.isBlank() ? 0 : Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInput("cursor", "must be a whole number");
        }
        if (cursor < 0) {
            throw new InvalidInput("cursor", "must be 0 or more");
        }
        int limit = Params.intValue("limit", ctx.queryParam("limit"), 500, 1, Publications.MAX_LIMIT);
        String name = ctx.pathParam("name");
        if (name.isBlank() || name.length() > 200) {
            throw new InvalidInput("name", "must be a bank name");
        }
        ctx.header("Cache-Control", "no-store");
        ctx.json(publications.feed(name, cursor, limit));
    }

    private void importSignals(Context ctx) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        String form;
        if (type.startsWith("text/plain")) {
            form = "text";
        } else if (type.startsWith("text/csv")) {
            form = "csv";
        } else if (type.startsWith("application/json")) {
            form = "json";
        } else {
            throw new InvalidInput("Content-Type", "must be text/plain, text/csv or application/json");
        }
        Optional<String> fileType =
                Optional.ofNullable(ctx.queryParam("signal_type")).filter(s -> !s.isBlank());
        String text = Check.utf8("body", bodies.bytes(ctx, maxImportBytes));
        String bank = id(ctx);
        banks.find(bank);
        SignalFiles.SignalFile file = SignalFiles.parse(form, text, fileType, json);
        Banks.Changed changed = file.hashes().isEmpty()
                ? new Banks.Changed(banks.find(bank), 0, 0)
                : banks.add(actor(ctx), bank, file.hashes(), "signal file");
        ctx.json(new SignalImport(changed, file.skipped()));
    }

    @Override
    public void describe(OpenApi api) {
        api.op("GET", "/v1/exchange/key", "The Ed25519 key that signs this platform's bank feeds (to pin)")
                .tag("exchange")
                .security("bearer")
                .response(200, "The key", FeedKey.FeedPublicKey.class)
                .add();
        api.op(
                        "GET",
                        "/v1/exchange/banks/{name}/feed",
                        "A published bank's feed past a cursor: hashes added and removed, signed (JWS, EdDSA)")
                .tag("exchange")
                .security("bearer")
                .param("query", "cursor", "integer", false, "the last entry already read (0 to start)")
                .param("query", "limit", "integer", false, "entries at most, up to 1000 (default 500)")
                .response(
                        200,
                        "The signed batch; its payload is a Publications.FeedBatch",
                        FeedSignature.SignedBatch.class)
                .add();
        api.op("GET", "/v1/exchange/publications", "Banks and whether their feeds are published")
                .tag("exchange")
                .security("session")
                .response(200, "The banks", Publications.BankPublication[].class)
                .add();
        api.op("PUT", "/v1/exchange/publications/{id}", "Publish a bank's feed, or stop serving it")
                .tag("exchange")
                .security("session")
                .body(PublishRequest.class)
                .response(200, "The bank's publication", Publications.BankPublication.class)
                .add();
        api.op("GET", "/v1/exchanges", "Feeds of other platforms followed here")
                .tag("exchange")
                .security("session")
                .response(200, "The exchanges", Exchanges.ExchangeView[].class)
                .add();
        api.op("POST", "/v1/exchanges", "Follow a feed into a local bank, pinning the publisher's key")
                .tag("exchange")
                .security("session")
                .body(Exchanges.ExchangeSpec.class)
                .response(201, "The exchange", Exchanges.ExchangeView.class)
                .add();
        api.op("GET", "/v1/exchanges/{id}", "An exchange")
                .tag("exchange")
                .security("session")
                .response(200, "The exchange", Exchanges.ExchangeView.class)
                .add();
        api.op("DELETE", "/v1/exchanges/{id}", "Stop following a feed (its hashes stay in the bank)")
                .tag("exchange")
                .security("session")
                .response(204, "Deleted")
                .add();
        api.op("POST", "/v1/exchanges/{id}/sync", "Pull an exchange's feed now")
                .tag("exchange")
                .security("session")
                .response(200, "What the pull did", Exchanges.SyncResult.class)
                .add();
        api.op("POST", "/v1/exchange/opinions", "Mark a shared hash a false positive here, or withdraw that")
                .tag("exchange")
                .security("session")
                .body(Exchanges.HashOpinion.class)
                .response(204, "Recorded")
                .add();
        api.op(
                        "POST",
                        "/v1/banks/{id}/signals",
                        "Import a ThreatExchange or HMA signal file (PDQ and MD5 with tags): text '<signal_type>"
                                + " <signal>' per line, CSV with a header, or JSON")
                .tag("exchange")
                .security("bearer")
                .param("query", "signal_type", "string", false, "the type of a text file's bare signals")
                .response(200, "What was imported", SignalImport.class)
                .add();
    }

    static String actor(Context ctx) {
        return Access.require(ctx).actor();
    }

    static String id(Context ctx) {
        return Check.id("id", ctx.pathParam("id"));
    }
}
