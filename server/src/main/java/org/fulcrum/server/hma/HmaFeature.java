package org.fulcrum.server.hma;

import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.detect.Banks;
import org.fulcrum.server.detect.MediaHasher;
import org.fulcrum.server.review.MediaProxy;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Problem;

/**
 * HMA's REST surface: hashing ({@code /h}), matching ({@code /m}) and curation ({@code /c}), with
 * HMA's request and response shapes. Platforms and hash-sharing tokens hash and look up; admins
 * and moderators curate banks; hash-sharing tokens may also add content. Media to hash comes as a
 * multipart upload (field {@code photo} or {@code video}) or, for photos, as a URL on the
 * platform's configured media origin (any other address is refused: no server-side request
 * forgery).
 */
public final class HmaFeature implements Feature {
    private static final Role[] MATCH = {Role.PLATFORM, Role.HASH_SHARING, Role.ADMIN, Role.MODERATOR, Role.AUDITOR};
    private static final Role[] READ = {Role.ADMIN, Role.MODERATOR, Role.AUDITOR, Role.HASH_SHARING};
    private static final Role[] CURATE = {Role.ADMIN, Role.MODERATOR};
    private static final Role[] ADD = {Role.ADMIN, Role.MODERATOR, Role.HASH_SHARING};

    private final HmaHashing hashing;
    private final HmaMatching matching;
    private final HmaCuration curation;

    public HmaFeature(
            org.fulcrum.server.store.Database db,
            Banks banks,
            org.fulcrum.server.detect.BankIndex index,
            MediaHasher hasher,
            MediaProxy media,
            Bodies bodies,
            java.time.Clock clock,
            Json json) {
        HmaBanks hmaBanks = new HmaBanks(db, banks, index, clock, json);
        this.hashing = new HmaHashing(hasher, media, json);
        this.matching = new HmaMatching(hmaBanks, hashing, bodies, json);
        this.curation = new HmaCuration(hmaBanks, hashing, bodies, clock, json);
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/status", ctx -> ctx.contentType("text/plain").result("I-AM-ALIVE"), MATCH);
        r.get("/h/hash", ctx -> ctx.json(hashing.hashUrl(ctx)), MATCH);
        r.post("/h/hash", ctx -> ctx.json(hashing.hashUpload(ctx)), MATCH);
        r.get("/m/raw_lookup", matching::rawLookup, MATCH);
        r.get("/m/lookup", matching::lookupGet, MATCH);
        r.post("/m/lookup", matching::lookupPost, MATCH);
        r.get("/m/index/status", matching::indexStatus, MATCH);
        r.post("/m/compare", matching::compare, MATCH);
        r.get("/c/banks", curation::listBanks, READ);
        r.post("/c/banks", curation::createBank, CURATE);
        r.get("/c/bank/{name}", curation::showBank, READ);
        r.put("/c/bank/{name}", curation::updateBank, CURATE);
        r.delete("/c/bank/{name}", curation::deleteBank, CURATE);
        r.post("/c/bank/{name}/content", curation::addContent, ADD);
        r.post("/c/bank/{name}/signal", curation::addSignal, ADD);
        r.get("/c/bank/{name}/content/{id}", curation::showContent, READ);
        r.put("/c/bank/{name}/content/{id}", curation::updateContent, CURATE);
        r.delete("/c/bank/{name}/content/{id}", curation::deleteContent, CURATE);
        r.get(
                "/c/signal_type",
                ctx -> ctx.json(List.of(
                        Map.of("name", "pdq", "enabled_ratio", 1.0),
                        Map.of("name", "video_md5", "enabled_ratio", 1.0),
                        Map.of("name", "vpdq", "enabled_ratio", 1.0))),
                READ);
        r.get("/c/signal_type/index", matching::signalTypeIndex, READ);
        r.get(
                "/c/content_type",
                ctx -> ctx.json(
                        List.of(Map.of("name", "photo", "enabled", true), Map.of("name", "video", "enabled", true))),
                READ);
        // Exchanges are Fulcrum's own bank feeds, not HMA's exchange plug-ins: none is listed here.
        r.get("/c/exchanges", ctx -> ctx.json(List.of()), READ);
        r.get("/c/exchanges/apis", ctx -> ctx.json(List.of()), READ);
    }

    @Override
    public void describe(OpenApi api) {
        String t = "hash matching (HMA)";
        api.op("GET", "/status", "HMA liveness: I-AM-ALIVE")
                .tag(t)
                .security("bearer")
                .response(200, "Alive", "text/plain")
                .add();
        api.op("GET", "/h/hash", "Hash a photo on the platform's media host (HMA)")
                .tag(t)
                .security("bearer")
                .param("query", "url", "string", true, "address on the configured media origin")
                .param("query", "content_type", "string", false, "photo")
                .param("query", "types", "string", false, "signal types, comma-separated")
                .response(200, "Signals by type", "application/json")
                .add();
        api.op("POST", "/h/hash", "Hash an uploaded photo or video (multipart field photo or video)")
                .tag(t)
                .security("bearer")
                .response(200, "Signals by type", "application/json")
                .add();
        api.op("GET", "/m/raw_lookup", "Banked content a signal matches, in every bank (HMA)")
                .tag(t)
                .security("bearer")
                .param("query", "signal_type", "string", true, "pdq, video_md5 or vpdq")
                .param("query", "signal", "string", true, "the hash")
                .param("query", "banks", "string", false, "only these banks, comma-separated")
                .param("query", "include_distance", "boolean", false, "give each match's distance")
                .response(200, "{matches: [...]}", "application/json")
                .add();
        api.op("GET", "/m/lookup", "Matches by bank for a signal or a photo address (HMA)")
                .tag(t)
                .security("bearer")
                .param("query", "signal_type", "string", false, "pdq, video_md5 or vpdq")
                .param("query", "signal", "string", false, "the hash")
                .param("query", "url", "string", false, "address of a photo on the configured media origin")
                .param("query", "banks", "string", false, "only these banks, comma-separated")
                .param("query", "seed", "string", false, "seed of the coin flip for partly enabled banks")
                .param("query", "bypass_coinflip", "boolean", false, "every bank takes part")
                .response(200, "Matches by bank", "application/json")
                .add();
        api.op("POST", "/m/lookup", "Matches by signal type and bank for an uploaded photo or video (HMA)")
                .tag(t)
                .security("bearer")
                .param("query", "banks", "string", false, "only these banks, comma-separated")
                .response(200, "Matches by signal type and bank", "application/json")
                .add();
        api.op("GET", "/m/index/status", "Index size and freshness per signal type (HMA)")
                .tag(t)
                .security("bearer")
                .param("query", "signal_type", "string", false, "only this type")
                .response(200, "Status by type", "application/json")
                .add();
        api.op("POST", "/m/compare", "Compare pairs of hashes: {pdq: [a, b]} gives [match, {distance}] (HMA)")
                .tag(t)
                .security("bearer")
                .body(Object.class)
                .response(200, "Comparison by type", "application/json")
                .add();
        api.op("GET", "/c/banks", "Banks with their matching ratio (HMA)")
                .tag(t)
                .security("bearer")
                .response(200, "The banks", "application/json")
                .add();
        api.op("POST", "/c/banks", "Create a bank: {name, enabled?, enabled_ratio?} (HMA)")
                .tag(t)
                .security("bearer")
                .body(Object.class)
                .response(201, "The bank", "application/json")
                .response(403, "A bank of that name exists, or the caller may not curate banks", Problem.class)
                .add();
        api.op("GET", "/c/bank/{name}", "One bank (HMA)")
                .tag(t)
                .security("bearer")
                .response(200, "The bank", "application/json")
                .add();
        api.op("PUT", "/c/bank/{name}", "Rename, enable or set the ratio of a bank (HMA)")
                .tag(t)
                .security("bearer")
                .body(Object.class)
                .response(200, "The bank", "application/json")
                .add();
        api.op("DELETE", "/c/bank/{name}", "Delete a bank and its content (HMA)")
                .tag(t)
                .security("bearer")
                .response(200, "Done", "application/json")
                .add();
        api.op(
                        "POST",
                        "/c/bank/{name}/content",
                        "Bank an uploaded file or a photo address, with note and metadata (HMA)")
                .tag(t)
                .security("bearer")
                .body(Object.class)
                .param("query", "url", "string", false, "photo on the media origin")
                .response(200, "{id, signals}", "application/json")
                .add();
        api.op("POST", "/c/bank/{name}/signal", "Bank signals given as hashes: {pdq: ..., note?} (HMA)")
                .tag(t)
                .security("bearer")
                .body(Object.class)
                .response(200, "{id, signals}", "application/json")
                .add();
        api.op("GET", "/c/bank/{name}/content/{id}", "One banked item (HMA)")
                .tag(t)
                .security("bearer")
                .param("query", "include_signals", "boolean", false, "give its signals")
                .param("query", "include_metadata", "boolean", false, "give its metadata (default true)")
                .response(200, "The item", "application/json")
                .add();
        api.op("PUT", "/c/bank/{name}/content/{id}", "Switch an item off until a time, or set its note (HMA)")
                .tag(t)
                .security("bearer")
                .body(Object.class)
                .response(200, "The item", "application/json")
                .add();
        api.op("DELETE", "/c/bank/{name}/content/{id}", "Remove an item's hashes (HMA)")
                .tag(t)
                .security("bearer")
                .response(200, "{deleted: n}", "application/json")
                .add();
        api.op("GET", "/c/signal_type", "Signal types (HMA)")
                .tag(t)
                .security("bearer")
                .response(200, "Types", "application/json")
                .add();
        api.op("GET", "/c/signal_type/index", "Index status per signal type (HMA)")
                .tag(t)
                .security("bearer")
                .param("query", "signal_type", "string", false, "only this type")
                .response(200, "Status", "application/json")
                .add();
        api.op("GET", "/c/content_type", "Content types (HMA)")
                .tag(t)
                .security("bearer")
                .response(200, "Types", "application/json")
                .add();
        api.op("GET", "/c/exchanges", "HMA exchanges: none (Fulcrum's bank feeds are its own)")
                .tag(t)
                .security("bearer")
                .response(200, "An empty list", "application/json")
                .add();
        api.op("GET", "/c/exchanges/apis", "HMA exchange plug-ins: none")
                .tag(t)
                .security("bearer")
                .response(200, "An empty list", "application/json")
                .add();
    }
}
