package org.fulcrum.server.lawful.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.Lawful;
import org.fulcrum.server.lawful.disclosure.SealedPackage;
import org.fulcrum.server.lawful.intake.LawfulIntake;
import org.fulcrum.server.lawful.intake.Rejections;
import org.fulcrum.server.lawful.request.Lane;
import org.fulcrum.server.lawful.request.Submission;
import org.fulcrum.server.lawful.review.LawfulQueries;
import org.fulcrum.server.lawful.signature.HttpSignatures;
import org.fulcrum.server.lawful.signature.SignatureRejected;
import org.fulcrum.server.lawful.signature.SignedRequests;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.RateLimiter;

/**
 * The authorities' API: requests signed with RFC 9421 (submit, status, encrypted package, answers
 * to clarifications, withdrawal), every answer signed by Fulcrum's answer key; and the platform's side: the
 * private account data a disclosure may draw on, and the user notices to deliver.
 */
public final class LawfulApiFeature implements Feature {
    static final long MAX_REQUEST_BYTES = 256 * 1024;

    private final Lawful lawful;
    private final Database db;
    private final Clock clock;
    private final RateLimiter limiter;
    private final Supplier<String> publicUrl;
    private final Bodies bodies;
    private final Json json;

    /**
     * {@code publicUrl} gives this deployment's public URL, the only origin requests may be signed
     * for (a supplier: with a port picked at start it is known only once the server listens).
     */
    public LawfulApiFeature(
            Lawful lawful,
            Database db,
            Clock clock,
            RateLimiter limiter,
            Supplier<String> publicUrl,
            Bodies bodies,
            Json json) {
        this.bodies = bodies;
        this.json = json;
        this.lawful = lawful;
        this.db = db;
        this.clock = clock;
        this.limiter = limiter;
        this.publicUrl = publicUrl;
    }

    @Override
    public void routes(RoutesConfig r) {
        r.post("/v1/lawful/requests", this::submit);
        r.get("/v1/lawful/requests/{id}", this::status);
        r.get("/v1/lawful/requests/{id}/package", this::sealedPackage);
        r.post("/v1/lawful/requests/{id}/answers", this::answer);
        r.post("/v1/lawful/requests/{id}/withdrawal", this::withdraw);
        r.post("/v1/lawful/account-data", this::accountData, Role.PLATFORM);
        r.get("/v1/lawful/notices", this::notices, Role.PLATFORM);
    }

    @Override
    public void describe(OpenApi api) {
        String signed = "Signed with RFC 9421 (Ed25519 over @method, @target-uri under the public URL, and "
                + "content-digest when there is a body; created, nonce, keyid). The answer is signed by Fulcrum's "
                + "answer key over @status, content-digest and the request's signature (;req); see "
                + "/.well-known/fulcrum/contact.json.";
        api.op("POST", "/v1/lawful/requests", "Submit a lawful request. " + signed)
                .tag("lawful")
                .security("httpSignature")
                .body(Submission.class)
                .response(201, "Received, checked against policy", LawfulQueries.StatusView.class)
                .response(
                        200,
                        "A repeat: the agency sent this request before under the same reference; the request "
                                + "already stored, nothing added",
                        LawfulQueries.StatusView.class)
                .response(409, "The agency used this reference before for a request that asked something else")
                .add();
        api.op("GET", "/v1/lawful/requests/{id}", "Status, outcome, explanation and clock of a request. " + signed)
                .tag("lawful")
                .security("httpSignature")
                .response(200, "The request", LawfulQueries.StatusView.class)
                .add();
        api.op(
                        "GET",
                        "/v1/lawful/requests/{id}/package",
                        "The disclosure package, encrypted to the officer's X25519 key. " + signed)
                .tag("lawful")
                .security("httpSignature")
                .response(200, "The sealed package", SealedPackage.class)
                .add();
        api.op("POST", "/v1/lawful/requests/{id}/answers", "Answer Fulcrum's questions; restarts the clock. " + signed)
                .tag("lawful")
                .security("httpSignature")
                .body(Answer.class)
                .response(200, "The request, decided again", LawfulQueries.StatusView.class)
                .add();
        api.op(
                        "POST",
                        "/v1/lawful/requests/{id}/withdrawal",
                        "Withdraw a request not yet executed; its clock stops "
                                + "and nothing is executed afterwards. A request already executed or closed answers 409. "
                                + signed)
                .tag("lawful")
                .security("httpSignature")
                .body(Withdrawal.class)
                .response(200, "The request, withdrawn", LawfulQueries.StatusView.class)
                .add();
        api.op("POST", "/v1/lawful/account-data", "Private account data the platform shares for lawful disclosure")
                .tag("lawful")
                .security("bearer")
                .body(AccountData.class)
                .response(200, "Stored", Stored.class)
                .add();
        api.op("GET", "/v1/lawful/notices", "User notices of requests, released when no gag applies")
                .tag("lawful")
                .security("bearer")
                .param("query", "after", "string", false, "cursor from 'next'")
                .param("query", "limit", "integer", false, "at most 500")
                .response(200, "Notices to deliver", LawfulQueries.NoticePage.class)
                .add();
    }

    /** An answer to Fulcrum's questions, optionally naming the targets anew. */
    public record Answer(String answer, List<Submission.Target> targets) {}

    /** Why the authority withdraws its request. */
    public record Withdrawal(String reason) {}

    /** Private data of accounts, as the platform holds them. Never E2E content. */
    public record AccountData(List<Item> items) {
        public AccountData {
            if (items == null || items.isEmpty() || items.size() > 1000) {
                throw new FulcrumException.InvalidInput("items", "must hold 1 to 1000 items");
            }
            items = List.copyOf(items);
        }

        /** One observed value: a phone number, an IP address, an e-mail address, a name. */
        public record Item(String accountId, String category, String value, Instant observedAt) {
            public Item {
                Check.id("accountId", accountId);
                if (category == null || !category.matches("phone_number|ip_address|email|name|address|payment")) {
                    throw new FulcrumException.InvalidInput(
                            "category", "must be phone_number, ip_address, email, name, address or payment");
                }
                if (value == null || value.isBlank()) {
                    throw new FulcrumException.InvalidInput("value", "is required");
                }
                Check.text("value", value, 300);
                Check.required("observedAt", observedAt);
            }
        }
    }

    /** How many items were stored. */
    public record Stored(int stored) {}

    private SignedRequests.Signer verify(Context ctx, byte[] body) {
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        try {
            URI target = URI.create(publicUrl.get().replaceAll("/+$", "") + ctx.path() + query);
            URI received = URI.create(ctx.fullUrl());
            SignedRequests.Signer signer =
                    lawful.signatures().verify(ctx.method().name(), target, received, ctx::header, body);
            limiter.acquire("officer:" + signer.officerId(), lawful.settings().officerRequestsPerMinute());
            return signer;
        } catch (SignatureRejected e) {
            lawful.metrics().rejected(e.reason());
            lawful.rejections()
                    .record(
                            e,
                            new Rejections.Attempt(
                                    Lane.api,
                                    lawful.rejections().claimedJurisdiction(body),
                                    Optional.empty(),
                                    Optional.empty(),
                                    SignedRequests.claimedKeyId(ctx::header),
                                    Optional.ofNullable(ctx.ip()),
                                    ctx.method().name(),
                                    ctx.path(),
                                    body));
            throw e;
        } catch (IllegalArgumentException e) {
            // a Host header that makes no URI: the request cannot have been signed for this deployment
            throw new FulcrumException.InvalidInput("Host", "is not a valid host name");
        }
    }

    private void submit(Context ctx) {
        Instant arrived = clock.instant();
        byte[] body = bodies.bytes(ctx, MAX_REQUEST_BYTES);
        SignedRequests.Signer signer = verify(ctx, body);
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new FulcrumException.InvalidInput("Content-Type", "must be application/json");
        }
        Submission s = bodies.parse(body, Submission.class);
        LawfulIntake.Received received = lawful.intake().submitSigned(signer, s, body, arrived);
        ctx.header("Location", "/v1/lawful/requests/" + received.id());
        signedJson(ctx, signer, received.repeat() ? 200 : 201, lawful.queries().status(received.id()));
    }

    private void status(Context ctx) {
        SignedRequests.Signer signer = verify(ctx, new byte[0]);
        String id = Check.id("id", ctx.pathParam("id"));
        lawful.queries().requireAccess(id, signer.officerId());
        lawful.signatures().consume(signer);
        signedJson(ctx, signer, 200, lawful.queries().status(id));
    }

    private void sealedPackage(Context ctx) {
        SignedRequests.Signer signer = verify(ctx, new byte[0]);
        String id = Check.id("id", ctx.pathParam("id"));
        lawful.queries().requireAccess(id, signer.officerId());
        lawful.signatures().consume(signer);
        String pkg = lawful.queries()
                .sealedPackage(id)
                .orElseThrow(() -> new FulcrumException.NotFound("disclosure package of request " + id));
        signed(ctx, signer, 200, pkg.getBytes(StandardCharsets.UTF_8));
    }

    private void answer(Context ctx) {
        byte[] body = bodies.bytes(ctx, MAX_REQUEST_BYTES);
        SignedRequests.Signer signer = verify(ctx, body);
        String id = Check.id("id", ctx.pathParam("id"));
        lawful.queries().requireAccess(id, signer.officerId());
        Answer a = bodies.parse(body, Answer.class);
        lawful.signatures().consume(signer);
        lawful.review().answer("officer:" + signer.officerId(), id, a.answer(), a.targets());
        signedJson(ctx, signer, 200, lawful.queries().status(id));
    }

    private void withdraw(Context ctx) {
        byte[] body = bodies.bytes(ctx, MAX_REQUEST_BYTES);
        SignedRequests.Signer signer = verify(ctx, body);
        String id = Check.id("id", ctx.pathParam("id"));
        lawful.queries().requireAccess(id, signer.officerId());
        Withdrawal w = bodies.parse(body, Withdrawal.class);
        lawful.signatures().consume(signer);
        lawful.withdrawals().withdraw("officer:" + signer.officerId(), id, w.reason());
        signedJson(ctx, signer, 200, lawful.queries().status(id));
    }

    private void signedJson(Context ctx, SignedRequests.Signer signer, int status, Object value) {
        signed(ctx, signer, status, json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    /** Answers signed by Fulcrum and bound to the request's signature, so no answer stands for another. */
    private void signed(Context ctx, SignedRequests.Signer signer, int status, byte[] body) {
        HttpSignatures.Signed sig =
                lawful.answerKey().sign(status, body, clock.instant().getEpochSecond(), signer.signature());
        ctx.status(status)
                .contentType("application/json")
                .header("Content-Digest", sig.contentDigest())
                .header("Signature-Input", sig.signatureInput())
                .header("Signature", sig.signature())
                .result(body);
    }

    private void accountData(Context ctx) {
        AccountData data = bodies.json(ctx, AccountData.class, 4 * 1024 * 1024);
        int stored = db.write(tx -> {
            int n = 0;
            for (AccountData.Item i : data.items()) {
                boolean exists = tx.handle()
                                .createQuery("""
                                SELECT COUNT(*) FROM account_private_data
                                WHERE account_id = :a AND category = :c AND value = :v AND observed_at = :t""")
                                .bind("a", i.accountId())
                                .bind("c", i.category())
                                .bind("v", i.value())
                                .bind("t", i.observedAt().toEpochMilli())
                                .mapTo(Integer.class)
                                .one()
                        > 0;
                if (!exists) {
                    tx.handle()
                            .createUpdate("""
                            INSERT INTO account_private_data (account_id, category, value, observed_at)
                            VALUES (:a, :c, :v, :t)""")
                            .bind("a", i.accountId())
                            .bind("c", i.category())
                            .bind("v", i.value())
                            .bind("t", i.observedAt().toEpochMilli())
                            .execute();
                    n++;
                }
            }
            return n;
        });
        ctx.json(new Stored(stored));
    }

    private void notices(Context ctx) {
        int limit = Optional.ofNullable(ctx.queryParam("limit"))
                .map(v -> {
                    try {
                        return Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new FulcrumException.InvalidInput("limit", "must be an integer");
                    }
                })
                .orElse(100);
        if (limit < 1 || limit > 500) {
            throw new FulcrumException.InvalidInput("limit", "must be between 1 and 500");
        }
        ctx.json(lawful.queries().notices(ctx.queryParam("after"), limit));
    }
}
