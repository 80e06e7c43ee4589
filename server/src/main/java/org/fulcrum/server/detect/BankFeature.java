package org.fulcrum.server.detect;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;

/**
 * The hash bank API: banks and their settings, hashes added and removed by JSON, import and export
 * in the programmes' formats. Admins and moderators change banks; auditors read them; a
 * hash-sharing token may read, import and export.
 */
public final class BankFeature implements Feature {
    private static final Role[] READ = {Role.ADMIN, Role.MODERATOR, Role.AUDITOR, Role.HASH_SHARING};
    private static final Role[] WRITE = {Role.ADMIN, Role.MODERATOR};
    private static final Role[] SYNC = {Role.ADMIN, Role.MODERATOR, Role.HASH_SHARING};

    private final Banks banks;
    private final BankExport export;
    private final Bodies bodies;
    private final long maxImportBytes;

    public BankFeature(Banks banks, BankExport export, Bodies bodies, long maxImportBytes) {
        this.banks = banks;
        this.export = export;
        this.bodies = bodies;
        this.maxImportBytes = maxImportBytes;
    }

    /**
     * Hashes to add or remove.
     *
     * @param hashes at most {@value Banks#MAX_HASHES_PER_REQUEST}
     * @param reason why (recorded in the audit trail)
     */
    public record HashList(List<BankHash> hashes, Optional<String> reason) {
        public HashList {
            hashes = Fields.list("hashes", hashes, Banks.MAX_HASHES_PER_REQUEST);
            if (hashes.isEmpty()) {
                throw new InvalidInput("hashes", "name at least one hash");
            }
            reason = Fields.text("reason", reason, 500);
        }
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/v1/banks", ctx -> ctx.json(banks.list()), READ);
        r.post(
                "/v1/banks",
                ctx -> ctx.status(201).json(banks.create(actor(ctx), bodies.json(ctx, BankSpec.class))),
                WRITE);
        r.get("/v1/banks/{id}", ctx -> ctx.json(banks.find(id(ctx))), READ);
        r.put(
                "/v1/banks/{id}",
                ctx -> ctx.json(banks.update(actor(ctx), id(ctx), bodies.json(ctx, BankSpec.class))),
                WRITE);
        r.delete(
                "/v1/banks/{id}",
                ctx -> {
                    banks.delete(actor(ctx), id(ctx), reason(ctx));
                    ctx.status(204);
                },
                WRITE);
        r.get(
                "/v1/banks/{id}/hashes",
                ctx -> ctx.json(banks.hashes(
                        id(ctx), intParam(ctx, "limit", 100, 1000), intParam(ctx, "offset", 0, Integer.MAX_VALUE))),
                READ);
        r.post(
                "/v1/banks/{id}/hashes",
                ctx -> {
                    HashList in = bodies.json(ctx, HashList.class);
                    ctx.json(banks.add(
                            actor(ctx), id(ctx), in.hashes(), in.reason().orElse("api")));
                },
                SYNC);
        r.post(
                "/v1/banks/{id}/hashes/remove",
                ctx -> {
                    HashList in = bodies.json(ctx, HashList.class);
                    ctx.json(banks.remove(
                            actor(ctx), id(ctx), in.hashes(), in.reason().orElse(null)));
                },
                WRITE);
        r.post("/v1/banks/{id}/import", this::importFile, SYNC);
        r.get("/v1/banks/{id}/export", this::export, READ);
    }

    @Override
    public void describe(OpenApi api) {
        api.op("GET", "/v1/banks", "Hash banks")
                .tag("detection")
                .security("session")
                .response(200, "The banks", Bank[].class)
                .add();
        api.op("POST", "/v1/banks", "Create a hash bank")
                .tag("detection")
                .security("session")
                .body(BankSpec.class)
                .response(201, "The bank", Bank.class)
                .add();
        api.op("GET", "/v1/banks/{id}", "A hash bank")
                .tag("detection")
                .security("session")
                .response(200, "The bank", Bank.class)
                .add();
        api.op("PUT", "/v1/banks/{id}", "Change a bank's settings (name, policy, threshold, enabled...)")
                .tag("detection")
                .security("session")
                .body(BankSpec.class)
                .response(200, "The bank", Bank.class)
                .add();
        api.op("DELETE", "/v1/banks/{id}", "Delete a bank and its hashes")
                .tag("detection")
                .security("session")
                .param("query", "reason", "string", false, "why, for the audit trail")
                .response(204, "Deleted")
                .add();
        api.op("GET", "/v1/banks/{id}/hashes", "A page of a bank's hashes")
                .tag("detection")
                .security("session")
                .param("query", "limit", "integer", false, "page size, at most 1000")
                .param("query", "offset", "integer", false, "hashes to skip")
                .response(200, "The hashes", Banks.StoredHash[].class)
                .add();
        api.op("POST", "/v1/banks/{id}/hashes", "Add hashes (matchable within a second)")
                .tag("detection")
                .security("bearer")
                .body(HashList.class)
                .response(200, "How many were added", Banks.Changed.class)
                .add();
        api.op("POST", "/v1/banks/{id}/hashes/remove", "Remove hashes")
                .tag("detection")
                .security("session")
                .body(HashList.class)
                .response(200, "How many were removed", Banks.Changed.class)
                .add();
        api.op(
                        "POST",
                        "/v1/banks/{id}/import",
                        "Import a bank file: hex per line or CSV with header hash,type,label,source (text/plain or text/csv),"
                                + " or with format=vpdq videos' vPDQ frames (one video as the reference writes it, or"
                                + " several each opened by '# video,hash,label,source')")
                .tag("detection")
                .security("bearer")
                .param("query", "type", "string", false, "type of bare 64-digit hashes: pdq (default) or sha256")
                .param("query", "format", "string", false, "hashes (default) or vpdq")
                .response(200, "How many were added", Banks.Changed.class)
                .add();
        api.op(
                        "GET",
                        "/v1/banks/{id}/export",
                        "Export a bank as CSV (default), hex per line, or its videos' vPDQ frames (format=vpdq)")
                .tag("detection")
                .security("bearer")
                .param("query", "format", "string", false, "csv, hex or vpdq")
                .param(
                        "query",
                        "type",
                        "string",
                        false,
                        "only hashes of this type (required for hex: pdq, md5 or sha256)")
                .response(200, "The bank file: CSV, or hex per line as text/plain", "text/csv")
                .alsoAs(200, "text/plain")
                .add();
    }

    private void importFile(Context ctx) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("text/plain") && !type.startsWith("text/csv")) {
            throw new InvalidInput("Content-Type", "must be text/plain (hex per line) or text/csv");
        }
        String format = Optional.ofNullable(ctx.queryParam("format")).orElse("hashes");
        if (!format.equals("hashes") && !format.equals("vpdq")) {
            throw new InvalidInput("format", "must be hashes or vpdq");
        }
        Optional<HashType> bare = Optional.ofNullable(ctx.queryParam("type")).map(t -> HashType.parse("type", t));
        String text = Check.utf8("body", bodies.bytes(ctx, maxImportBytes));
        List<BankHash> hashes = format.equals("vpdq") ? BankFormat.parseVideos(text) : BankFormat.parse(text, bare);
        if (hashes.isEmpty()) {
            throw new InvalidInput("body", "holds no hashes");
        }
        ctx.json(banks.add(actor(ctx), id(ctx), hashes, "import"));
    }

    private void export(Context ctx) {
        String format = Optional.ofNullable(ctx.queryParam("format")).orElse("csv");
        if (!format.equals("csv") && !format.equals("hex") && !format.equals("vpdq")) {
            throw new InvalidInput("format", "must be csv, hex or vpdq");
        }
        Optional<HashType> type = Optional.ofNullable(ctx.queryParam("type")).map(t -> HashType.parse("type", t));
        if (format.equals("hex") && type.isEmpty()) {
            throw new InvalidInput("type", "is required for hex: a hex file holds one type of hash");
        }
        String id = id(ctx);
        banks.find(id);
        ctx.contentType(format.equals("csv") ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8");
        ctx.header(
                "Content-Disposition",
                "attachment; filename=\"" + id + "." + (format.equals("csv") ? "csv" : "txt") + "\"");
        try (Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8)) {
            if (format.equals("vpdq")) {
                export.exportVideos(id, out);
                return;
            }
            export.export(id, format.equals("csv"), type, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The optional reason of a deletion, for the audit trail. */
    static String reason(Context ctx) {
        return Fields.text("reason", Optional.ofNullable(ctx.queryParam("reason")), 500)
                .orElse(null);
    }

    static String actor(Context ctx) {
        return Access.require(ctx).actor();
    }

    static String id(Context ctx) {
        return Check.id("id", ctx.pathParam("id"));
    }

    static int intParam(Context ctx, String name, int dflt, int max) {
        return org.fulcrum.server.web.Params.intParam(ctx, name, dflt, max);
    }
}
