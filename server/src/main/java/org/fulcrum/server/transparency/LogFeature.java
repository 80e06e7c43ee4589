package org.fulcrum.server.transparency;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.tlog.MalformedInput;
import org.fulcrum.tlog.ProofBundle;
import org.fulcrum.tlog.checkpoint.SignedCheckpoint;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.fulcrum.tlog.merkle.StoredTree;
import org.fulcrum.tlog.tile.EntryBundle;
import org.fulcrum.tlog.tile.Tile;
import org.fulcrum.tlog.tile.Tiles;

/**
 * The public log over HTTP: the signed checkpoint, C2SP tiles and entry bundles for mirrors,
 * inclusion and consistency proofs, entries with their revealed fields, and the verifier key.
 * Proofs are served only up to the latest signed checkpoint, so every answer can be checked.
 */
public final class LogFeature implements Feature {
    private final Database db;
    private final Json json;
    private final LogHashes hashes;
    private final Checkpointer checkpointer;
    private final LogKeys keys;

    private final java.util.function.Supplier<org.fulcrum.server.transparency.report.TransparencyReport> report;

    /** @param report the published report, which exports carry beside the entries it covers */
    public LogFeature(
            Database db,
            LogHashes hashes,
            Checkpointer checkpointer,
            LogKeys keys,
            java.util.function.Supplier<org.fulcrum.server.transparency.report.TransparencyReport> report,
            Json json) {
        this.json = json;
        this.db = db;
        this.hashes = hashes;
        this.checkpointer = checkpointer;
        this.keys = keys;
        this.report = report;
    }

    /** An inclusion proof. */
    public record InclusionProof(long index, long size, String leafHash, List<String> proof, String checkpoint) {}

    /** A consistency proof. */
    public record ConsistencyProof(long from, long to, List<String> proof, String checkpoint) {}

    /** One entry, its leaf hash, and for a sealed entry the index of its reveal once published. */
    public record EntryView(
            long index,
            String leafHash,
            Map<String, Object> entry,
            Optional<Long> revealedBy,
            Optional<Map<String, Object>> revealed) {}

    @Override
    public void routes(RoutesConfig r) {
        r.get(
                "/log/checkpoint",
                ctx -> ctx.contentType("text/plain; charset=utf-8")
                        .header("Cache-Control", "no-cache")
                        .result(checkpointer.latest().format()));
        r.get("/log/key", ctx -> ctx.contentType("text/plain; charset=utf-8").result(keys.verifierKey() + "\n"));
        r.get("/log/tile/<path>", this::tile);
        r.get("/v1/log/proof/inclusion", this::inclusion);
        r.get("/v1/log/proof/consistency", this::consistency);
        r.get("/v1/log/proof/bundle", this::bundle);
        r.get("/v1/log/entries/{index}", this::entry);
        r.get("/v1/log/export", this::export);
    }

    @Override
    public void describe(OpenApi api) {
        api.op("GET", "/log/checkpoint", "The latest signed checkpoint (C2SP tlog-checkpoint signed note)")
                .tag("transparency")
                .response(200, "Signed checkpoint", "text/plain")
                .add();
        api.op("GET", "/log/key", "The log's verifier key (C2SP signed-note verifier key)")
                .tag("transparency")
                .response(200, "Verifier key", "text/plain")
                .add();
        api.op("GET", "/log/tile/<path>", "C2SP tlog-tiles: hash tiles and entry bundles")
                .tag("transparency")
                .param("path", "path", "string", true, "tile path such as 0/x001/234 or entries/000.p/5")
                .response(200, "Tile bytes", "application/octet-stream")
                .add();
        api.op("GET", "/v1/log/proof/inclusion", "Inclusion proof of an entry (RFC 9162 2.1.3)")
                .tag("transparency")
                .param("query", "index", "integer", true, "entry index")
                .param("query", "size", "integer", false, "tree size (default: latest checkpoint)")
                .response(200, "Proof", InclusionProof.class)
                .add();
        api.op("GET", "/v1/log/proof/consistency", "Consistency proof between two sizes (RFC 9162 2.1.4)")
                .tag("transparency")
                .param("query", "from", "integer", true, "older size")
                .param("query", "to", "integer", false, "newer size (default: latest checkpoint)")
                .response(200, "Proof", ConsistencyProof.class)
                .add();
        api.op("GET", "/v1/log/proof/bundle", "C2SP tlog-proof bundle for one entry")
                .tag("transparency")
                .param("query", "index", "integer", true, "entry index")
                .response(200, "Proof bundle", "text/plain")
                .add();
        api.op("GET", "/v1/log/export", "The whole log up to the latest checkpoint, for offline audit")
                .tag("transparency")
                .response(200, "fulcrum-log-export v1 (see LogExport)", "text/plain")
                .add();
        api.op("GET", "/v1/log/entries/{index}", "One entry, and the revealed fields of a sealed entry")
                .tag("transparency")
                .response(200, "Entry", EntryView.class)
                .add();
    }

    private void export(Context ctx) throws java.io.IOException {
        var published = report.get();
        SignedCheckpoint cp = checkpointer.at(published.logSize()).orElseGet(checkpointer::latest);
        ctx.contentType("text/plain; charset=utf-8")
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"fulcrum-log-" + cp.checkpoint().size() + ".export\"");
        LogExport.write(
                db,
                cp,
                keys.verifierKey(),
                published.logSize() == cp.checkpoint().size() ? json.write(published) : null,
                ctx.outputStream());
    }

    /**
     * A hash tile or entry bundle, full or partial, served when all its hashes lie within the tree of
     * the latest checkpoint. A partial tile's content never changes, so the one for every earlier
     * checkpoint stays available after the log grew (C2SP tlog-tiles requires it for every size a
     * checkpoint was published at); it is only cached briefly, since a log may drop partial tiles
     * once the full tile exists.
     */
    private void tile(Context ctx) {
        String path = ctx.pathParam("path");
        long size = checkpointer.latest().checkpoint().size();
        Tile tile;
        boolean entries = path.startsWith("entries/");
        try {
            tile = entries ? Tile.parseEntries("tile/" + path) : Tile.parse("tile/" + path);
        } catch (MalformedInput e) {
            throw new FulcrumException.NotFound("tile " + path + " (not a tile path: " + e.getMessage() + ")");
        }
        if (!within(tile, size)) {
            throw new FulcrumException.NotFound("tile " + path + " beyond the latest checkpoint (size " + size + ")");
        }
        byte[] body;
        if (entries) {
            long start = tile.index() * Tile.FULL_WIDTH;
            List<byte[]> data =
                    db.read(h -> h.createQuery("SELECT data FROM log_entry WHERE idx >= :a AND idx < :b ORDER BY idx")
                            .bind("a", start)
                            .bind("b", start + tile.width())
                            .mapTo(byte[].class)
                            .list());
            body = EntryBundle.encode(data);
        } else {
            body = db.read(h -> Tiles.readTileData(tile, hashes.reader(h)));
        }
        ctx.header("Cache-Control", tile.isFull() ? "public, max-age=31536000, immutable" : "public, max-age=60");
        ctx.contentType("application/octet-stream").result(body);
    }

    /** Whether the tile's last hash exists in a tree of {@code size} leaves. */
    static boolean within(Tile tile, long size) {
        int shift = Tile.HEIGHT * tile.level();
        if (shift >= Long.SIZE - 1) {
            return false;
        }
        long hashes = size >>> shift;
        // compared in this order so that no product overflows, whatever index the path named
        return tile.index() <= hashes / Tile.FULL_WIDTH && tile.index() * Tile.FULL_WIDTH + tile.width() <= hashes;
    }

    private void inclusion(Context ctx) {
        SignedCheckpoint cp = checkpointer.latest();
        long size = longParam(ctx, "size", cp.checkpoint().size());
        long index = longParam(ctx, "index", -1);
        checkRange(index, size, cp);
        if (index >= size) {
            throw new FulcrumException.InvalidInput("index", "must be below size " + size);
        }
        var result = db.read(h -> {
            byte[] data = h.createQuery("SELECT data FROM log_entry WHERE idx = :i")
                    .bind("i", index)
                    .mapTo(byte[].class)
                    .one();
            return new InclusionProof(
                    index,
                    size,
                    b64(Rfc6962.leafHash(data)),
                    b64(StoredTree.inclusionProof(index, size, hashes.reader(h))),
                    cp.format());
        });
        ctx.json(result);
    }

    private void consistency(Context ctx) {
        SignedCheckpoint cp = checkpointer.latest();
        long to = longParam(ctx, "to", cp.checkpoint().size());
        long from = longParam(ctx, "from", -1);
        checkRange(from, to, cp);
        if (from < 1 || from > to) {
            throw new FulcrumException.InvalidInput("from", "must be between 1 and " + to);
        }
        List<String> proof = db.read(h -> b64(StoredTree.consistencyProof(from, to, hashes.reader(h))));
        ctx.json(new ConsistencyProof(from, to, proof, cp.format()));
    }

    private void bundle(Context ctx) {
        SignedCheckpoint cp = checkpointer.latest();
        long index = longParam(ctx, "index", -1);
        checkRange(index, cp.checkpoint().size(), cp);
        if (index >= cp.checkpoint().size()) {
            throw new FulcrumException.InvalidInput("index", "must be below the checkpoint size");
        }
        String text = db.read(h -> ProofBundle.create(index, Optional.empty(), cp, hashes.reader(h))
                .format());
        ctx.contentType("text/plain; charset=utf-8").result(text);
    }

    private void entry(Context ctx) {
        long index;
        try {
            index = Long.parseLong(ctx.pathParam("index"));
        } catch (NumberFormatException e) {
            throw new FulcrumException.InvalidInput("index", "must be an integer");
        }
        ctx.json(db.read(h -> h.createQuery("SELECT data, revealed_by FROM log_entry WHERE idx = :i")
                        .bind("i", index)
                        .map((rs, c) -> {
                            byte[] data = rs.getBytes("data");
                            Optional<Long> revealedBy = Columns.optionalLong(rs, "revealed_by");
                            Optional<Map<String, Object>> revealed = revealedBy
                                    .map(r -> h.createQuery("SELECT data FROM log_entry WHERE idx = :r")
                                            .bind("r", r)
                                            .mapTo(byte[].class)
                                            .one())
                                    .map(CanonicalJson::parse);
                            return new EntryView(
                                    index,
                                    b64(Rfc6962.leafHash(data)),
                                    CanonicalJson.parse(data),
                                    revealedBy,
                                    revealed);
                        })
                        .findOne())
                .orElseThrow(() -> new FulcrumException.NotFound("log entry " + index)));
    }

    private static void checkRange(long index, long size, SignedCheckpoint cp) {
        if (index < 0) {
            throw new FulcrumException.InvalidInput("index", "is required and must not be negative");
        }
        if (size < 0 || size > cp.checkpoint().size()) {
            throw new FulcrumException.InvalidInput(
                    "size",
                    "must be between 0 and the latest checkpoint size "
                            + cp.checkpoint().size());
        }
    }

    private static long longParam(Context ctx, String name, long dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            if (dflt < 0) {
                throw new FulcrumException.InvalidInput(name, "is required");
            }
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new FulcrumException.InvalidInput(name, "must be an integer");
        }
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static List<String> b64(List<byte[]> list) {
        List<String> out = new ArrayList<>(list.size());
        list.forEach(b -> out.add(b64(b)));
        return out;
    }
}
