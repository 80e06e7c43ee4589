package org.fulcrum.server.transparency;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
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
import org.fulcrum.server.web.Pages;
import org.fulcrum.tlog.checkpoint.SignedCheckpoint;
import org.fulcrum.tlog.merkle.Proofs;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.fulcrum.tlog.merkle.StoredTree;

/**
 * The public page of one log entry ({@code /log/entries/{index}}), for anyone a statement of
 * reasons, a report or a console page points at: the entry's public fields exactly as the log holds
 * them (no more: the details stay behind their commitment), and its inclusion proof against the
 * latest checkpoint, checked here before the page says it verifies, with links to the checkpoint,
 * the JSON proof and the proof bundle for checking it independently.
 */
public final class LogEntryPage implements Feature {
    private final Database db;
    private final Json json;
    private final LogHashes hashes;
    private final Checkpointer checkpointer;
    private final LogKeys keys;
    private final Pages pages;

    public LogEntryPage(
            Database db, LogHashes hashes, Checkpointer checkpointer, LogKeys keys, Pages pages, Json json) {
        this.json = json;
        this.db = db;
        this.hashes = hashes;
        this.checkpointer = checkpointer;
        this.keys = keys;
        this.pages = pages;
    }

    /** One public field of the entry, its value as the log holds it (JSON for anything but text). */
    public record Field(String name, String value) {}

    /**
     * What the page shows of the entry's proof.
     *
     * @param size the checkpoint's size
     * @param root the checkpoint's root hash, base64
     * @param proof the inclusion proof's hashes, base64, empty when the entry is not yet covered
     * @param verified whether the proof was checked against the signed root here
     * @param why in words: verified, not yet covered, or why the check failed
     */
    public record ProofView(long size, String root, List<String> proof, boolean verified, String why) {}

    @Override
    public void routes(RoutesConfig r) {
        r.get("/log/entries/{index}", this::page);
    }

    @Override
    public void describe(OpenApi api) {
        api.op(
                        "GET",
                        "/log/entries/{index}",
                        "A log entry's public page: its public fields and its inclusion proof "
                                + "against the latest checkpoint, verified")
                .tag("transparency")
                .response(200, "HTML page", "text/html")
                .add();
    }

    private void page(Context ctx) {
        long index;
        try {
            index = Long.parseLong(ctx.pathParam("index"));
        } catch (NumberFormatException e) {
            throw new FulcrumException.InvalidInput("index", "must be the entry's number, such as 42");
        }
        if (index < 0) {
            throw new FulcrumException.InvalidInput("index", "must not be negative");
        }
        SignedCheckpoint cp = checkpointer.latest();
        record Stored(byte[] data, Optional<Long> revealedBy) {}
        Stored stored = db.read(h -> h.createQuery("SELECT data, revealed_by FROM log_entry WHERE idx = :i")
                        .bind("i", index)
                        .map((rs, c) -> new Stored(rs.getBytes("data"), Columns.optionalLong(rs, "revealed_by")))
                        .findOne())
                .orElseThrow(() -> new FulcrumException.NotFound("log entry " + index));
        Map<String, Object> entry = CanonicalJson.parse(stored.data());
        byte[] leaf = Rfc6962.leafHash(stored.data());
        ProofView proof = proof(index, leaf, cp);
        pages.render(
                ctx,
                "transparency/entry.jte",
                "Log entry " + index,
                Map.of(
                        "index",
                        index,
                        "fields",
                        entry.entrySet().stream()
                                .map(e -> new Field(
                                        e.getKey(), e.getValue() instanceof String s ? s : json.write(e.getValue())))
                                .toList(),
                        "leafHash",
                        b64(leaf),
                        "proof",
                        proof,
                        "checkpoint",
                        cp.format(),
                        "revealedBy",
                        stored.revealedBy()));
    }

    /** The inclusion proof of leaf {@code index} in the latest checkpoint, verified against its signed root. */
    private ProofView proof(long index, byte[] leaf, SignedCheckpoint cp) {
        long size = cp.checkpoint().size();
        String root = b64(cp.checkpoint().rootHash());
        if (index >= size) {
            return new ProofView(
                    size,
                    root,
                    List.of(),
                    false,
                    "Not yet covered by a signed checkpoint (size " + size
                            + "); the next checkpoint, within a minute, will include it.");
        }
        try {
            SignedCheckpoint.open(cp.format().getBytes(StandardCharsets.UTF_8), keys.verifier());
        } catch (RuntimeException e) {
            return new ProofView(
                    size, root, List.of(), false, "The checkpoint's signature does not verify: " + e.getMessage());
        }
        List<byte[]> proof = db.read(h -> StoredTree.inclusionProof(index, size, hashes.reader(h)));
        List<String> shown = proof.stream().map(LogEntryPage::b64).toList();
        try {
            Proofs.verifyInclusion(index, size, leaf, proof, cp.checkpoint().rootHash());
            return new ProofView(
                    size,
                    root,
                    shown,
                    true,
                    "Verified: this entry is leaf " + index + " of the tree of " + size
                            + " entries whose root the log signed.");
        } catch (RuntimeException e) {
            return new ProofView(size, root, shown, false, "The proof does not verify: " + e.getMessage());
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
