package org.fulcrum.server.hma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.detect.Bank;
import org.fulcrum.server.detect.Banks;
import org.fulcrum.server.detect.MediaHasher;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.review.MediaProxy;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Problem;
import org.fulcrum.server.web.WebServer;
import org.fulcrum.vpdq.MatchRule;
import org.fulcrum.vpdq.VideoComparison;

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
    private static final Set<String> METADATA_KEYS = Set.of("content_id", "content_uri", "json");
    private static final long FIVE_YEARS_SECONDS = 5L * 365 * 24 * 3600;

    private final HmaBanks banks;
    private final MediaHasher hasher;
    private final MediaProxy media;
    private final Bodies bodies;
    private final java.time.Clock clock;
    private final Json json;

    public HmaFeature(
            org.fulcrum.server.store.Database db,
            Banks banks,
            org.fulcrum.server.detect.BankIndex index,
            MediaHasher hasher,
            MediaProxy media,
            Bodies bodies,
            java.time.Clock clock,
            Json json) {
        this.banks = new HmaBanks(db, banks, index, clock, json);
        this.json = json;
        this.hasher = hasher;
        this.media = media;
        this.bodies = bodies;
        this.clock = clock;
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/status", ctx -> ctx.contentType("text/plain").result("I-AM-ALIVE"), MATCH);
        r.get("/h/hash", ctx -> ctx.json(hashUrl(ctx)), MATCH);
        r.post("/h/hash", ctx -> ctx.json(hashUpload(ctx)), MATCH);
        r.get("/m/raw_lookup", this::rawLookup, MATCH);
        r.get("/m/lookup", this::lookupGet, MATCH);
        r.post("/m/lookup", this::lookupPost, MATCH);
        r.get("/m/index/status", this::indexStatus, MATCH);
        r.post("/m/compare", this::compare, MATCH);
        r.get(
                "/c/banks",
                ctx -> ctx.json(banks.list().stream().map(HmaFeature::bankJson).toList()),
                READ);
        r.post("/c/banks", this::createBank, CURATE);
        r.get("/c/bank/{name}", ctx -> ctx.json(bankJson(banks.config(banks.require(ctx.pathParam("name"))))), READ);
        r.put("/c/bank/{name}", this::updateBank, CURATE);
        r.delete(
                "/c/bank/{name}",
                ctx -> {
                    banks.delete(WebServer.actor(ctx), ctx.pathParam("name"));
                    ctx.json(Map.of("message", "Done"));
                },
                CURATE);
        r.post("/c/bank/{name}/content", this::addContent, ADD);
        r.post("/c/bank/{name}/signal", this::addSignal, ADD);
        r.get("/c/bank/{name}/content/{id}", this::showContent, READ);
        r.put("/c/bank/{name}/content/{id}", this::updateContent, CURATE);
        r.delete(
                "/c/bank/{name}/content/{id}",
                ctx -> {
                    Bank bank = banks.require(ctx.pathParam("name"));
                    int deleted = banks.removeItem(WebServer.actor(ctx), bank, contentId(ctx));
                    ctx.json(Map.of("deleted", deleted));
                },
                CURATE);
        r.get(
                "/c/signal_type",
                ctx -> ctx.json(List.of(
                        Map.of("name", "pdq", "enabled_ratio", 1.0),
                        Map.of("name", "video_md5", "enabled_ratio", 1.0),
                        Map.of("name", "vpdq", "enabled_ratio", 1.0))),
                READ);
        r.get("/c/signal_type/index", this::signalTypeIndex, READ);
        r.get(
                "/c/content_type",
                ctx -> ctx.json(
                        List.of(Map.of("name", "photo", "enabled", true), Map.of("name", "video", "enabled", true))),
                READ);
        // Exchanges are Fulcrum's own bank feeds, not HMA's exchange plug-ins: none is listed here.
        r.get("/c/exchanges", ctx -> ctx.json(List.of()), READ);
        r.get("/c/exchanges/apis", ctx -> ctx.json(List.of()), READ);
    }

    // Hashing

    private Map<String, String> hashUrl(Context ctx) {
        String url = ctx.queryParam("url");
        if (url == null || url.isBlank()) {
            throw new InvalidInput("url", "is required: the address of a photo on the platform's media host");
        }
        String contentType = Optional.ofNullable(ctx.queryParam("content_type")).orElse("photo");
        if (!contentType.equals("photo")) {
            throw new InvalidInput("content_type", "only photos are fetched by address; upload a video as a file");
        }
        return select(hashPhoto("url", fetch(url)), ctx.queryParam("types"));
    }

    private byte[] fetch(String url) {
        return switch (media.fetch(url)) {
            case MediaProxy.Fetched.Image image -> image.bytes();
            case MediaProxy.Fetched.Placeholder p -> throw new InvalidInput("url", p.why());
        };
    }

    private Map<String, String> hashUpload(Context ctx) {
        Upload upload = upload(ctx);
        return switch (upload.contentType()) {
            case "photo" -> hashPhoto(upload.field(), upload.bytes());
            case "video" -> hashVideo(upload.field(), upload.bytes());
            default -> throw new IllegalStateException("checked in upload()");
        };
    }

    /**
     * A video's signals: the MD5 of its bytes always (HMA's own tests hash any file as a video), and
     * its vPDQ when the bytes are a video container; a container that does not decode is a 400.
     */
    private Map<String, String> hashVideo(String field, byte[] bytes) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(SignalType.video_md5.name(), MediaHasher.md5(bytes));
        if (MediaHasher.isVideo(bytes)) {
            ContentEvent.MediaRef ref = hasher.hashMedia(field, bytes);
            out.put(SignalType.vpdq.name(), HmaVpdq.format(ref.vpdqFeatures(), json));
        }
        return out;
    }

    private Map<String, String> hashPhoto(String field, byte[] bytes) {
        ContentEvent.MediaRef ref = hasher.hashImage(field, bytes);
        return Map.of(SignalType.pdq.name(), ref.pdq().orElseThrow());
    }

    private static Map<String, String> select(Map<String, String> hashes, String types) {
        if (types == null) {
            return hashes;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : types.split(",")) {
            String name = t.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!hashes.containsKey(name)) {
                throw new InvalidInput(
                        "types", "signal type '" + name + "' doesn't exist or is disabled for this content");
            }
            out.put(name, hashes.get(name));
        }
        if (out.isEmpty()) {
            throw new InvalidInput("types", "empty signal type selection");
        }
        return out;
    }

    /** One uploaded file, its field naming the content type. */
    private record Upload(String field, String contentType, byte[] bytes) {}

    private Upload upload(Context ctx) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw new InvalidInput("body", "Missing multipart/form-data file upload");
        }
        Map<String, List<UploadedFile>> files;
        try {
            files = ctx.uploadedFileMap();
        } catch (RuntimeException e) {
            // Jetty's multipart parser throws for a malformed body: that is the client's error.
            throw new InvalidInput("body", "is not a readable multipart/form-data upload");
        }
        int count = files.values().stream().mapToInt(List::size).sum();
        if (count == 0) {
            throw new InvalidInput("body", "Missing multipart/form-data file upload");
        }
        if (count > 1) {
            throw new InvalidInput("body", "Only one file allowed per request");
        }
        var entry = files.entrySet().iterator().next();
        String field = entry.getKey();
        if (!field.equals("photo") && !field.equals("video")) {
            throw new InvalidInput(field, "no such content_type: '" + clip(field) + "' (photo or video)");
        }
        UploadedFile file = entry.getValue().getFirst();
        long max = field.equals("video")
                ? Math.min(hasher.videoConfig().maxBytes(), Integer.MAX_VALUE - 8)
                : ContentEvent.MediaRef.MAX_IMAGE_BYTES;
        try (InputStream in = file.content()) {
            byte[] bytes = in.readNBytes((int) max + 1);
            if (bytes.length > max) {
                throw new InvalidInput(
                        field,
                        "is larger than " + max + " bytes" + (field.equals("video") ? " (video.max.bytes)" : ""));
            }
            if (bytes.length == 0) {
                throw new InvalidInput(field, "is empty");
            }
            return new Upload(field, field, bytes);
        } catch (IOException e) {
            throw new InvalidInput(field, "could not be read: " + e.getMessage());
        }
    }

    // Matching

    private void rawLookup(Context ctx) {
        SignalType type = SignalType.named("signal_type", ctx.queryParam("signal_type"));
        String signal = type.validate("signal", required(ctx, "signal"), json);
        Optional<Set<String>> only = bankFilter(ctx.queryParam("banks"));
        boolean withDistance = truthy(ctx.queryParam("include_distance"));
        List<Object> matches = new ArrayList<>();
        for (HmaBanks.Hit hit : banks.lookup(type, signal)) {
            if (only.isPresent() && !only.get().contains(hit.bank())) {
                continue;
            }
            matches.add(withDistance ? match(hit) : hit.contentId());
        }
        ctx.json(Map.of("matches", matches));
    }

    private void lookupGet(Context ctx) {
        Optional<Set<String>> only = bankFilter(ctx.queryParam("banks"));
        String url = ctx.queryParam("url");
        if (url != null && !url.isBlank()) {
            Map<String, String> hashes = select(hashPhoto("url", fetch(url)), ctx.queryParam("types"));
            Map<String, Object> bySignal = lookupAll(ctx, hashes, only);
            String selected = ctx.queryParam("signal_type");
            ctx.json(selected == null ? bySignal : bySignal.getOrDefault(selected, Map.of()));
            return;
        }
        if (ctx.queryParam("signal") == null || ctx.queryParam("signal_type") == null) {
            throw new InvalidInput("signal", "Either url or both signal and signal_type are required");
        }
        SignalType type = SignalType.named("signal_type", ctx.queryParam("signal_type"));
        ctx.json(lookup(ctx, type, type.validate("signal", ctx.queryParam("signal"), json), only));
    }

    private void lookupPost(Context ctx) {
        Map<String, String> hashes = hashUpload(ctx);
        ctx.json(lookupAll(ctx, hashes, bankFilter(ctx.queryParam("banks"))));
    }

    private Map<String, Object> lookupAll(Context ctx, Map<String, String> hashes, Optional<Set<String>> only) {
        Map<String, Object> out = new LinkedHashMap<>();
        hashes.forEach((name, value) -> {
            SignalType type = SignalType.named("signal_type", name);
            out.put(name, lookup(ctx, type, value, only));
        });
        return out;
    }

    /**
     * HMA's lookup: matches in enabled content of banks that take part in this lookup (a bank with
     * ratio r takes part when a coin flip, seeded by {@code seed} when given, is at most r).
     */
    private Map<String, List<Map<String, Object>>> lookup(
            Context ctx, SignalType type, String signal, Optional<Set<String>> only) {
        List<HmaBanks.Hit> hits = banks.lookup(type, signal);
        Set<Long> off = banks.disabled(hits);
        String seed = ctx.queryParam("seed");
        double coin = truthy(ctx.queryParam("bypass_coinflip"))
                ? 0.0
                : seed == null ? ThreadLocalRandom.current().nextDouble() : new Random(seed.hashCode()).nextDouble();
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (HmaBanks.Hit hit : hits) {
            if (off.contains(hit.contentId())
                    || hit.bankRatio() < coin
                    || hit.bankRatio() == 0 && coin > 0
                    || only.isPresent() && !only.get().contains(hit.bank())) {
                continue;
            }
            out.computeIfAbsent(hit.bank(), b -> new ArrayList<>()).add(match(hit));
        }
        return out;
    }

    private static Map<String, Object> match(HmaBanks.Hit hit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bank_content_id", hit.contentId());
        m.put("distance", String.valueOf(hit.distance()));
        return m;
    }

    private void indexStatus(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (SignalType t : typesOf(ctx)) {
            HmaBanks.IndexStatus s = banks.status(t);
            out.put(t.name(), Map.of("present", true, "built_to", s.newest(), "size", s.size()));
        }
        ctx.json(out);
    }

    private void signalTypeIndex(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (SignalType t : typesOf(ctx)) {
            HmaBanks.IndexStatus s = banks.status(t);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("db_size", s.size());
            v.put("index_size", s.size());
            // Fulcrum's index follows every bank change as it commits: it is never behind the store.
            v.put("index_out_of_date", false);
            v.put("newest_db_item", s.newest());
            v.put("index_built_to", s.newest());
            out.put(t.name(), v);
        }
        ctx.json(out);
    }

    private static List<SignalType> typesOf(Context ctx) {
        String only = ctx.queryParam("signal_type");
        return only == null ? List.of(SignalType.values()) : List.of(SignalType.named("signal_type", only));
    }

    private void compare(Context ctx) {
        JsonNode body = bodies.json(ctx, JsonNode.class);
        if (!body.isObject()) {
            throw new InvalidInput("body", "Request input was not a dict");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            var e = it.next();
            SignalType type = SignalType.named(e.getKey(), e.getKey());
            JsonNode pair = e.getValue();
            if (!pair.isArray()) {
                throw new InvalidInput(e.getKey(), "Comparison hashes for " + e.getKey() + " was not a list");
            }
            if (pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                throw new InvalidInput(e.getKey(), "Comparison hash list length must be exactly 2 strings");
            }
            String left = type.validate(e.getKey() + "[0]", pair.get(0).asText(), json);
            String right = type.validate(e.getKey() + "[1]", pair.get(1).asText(), json);
            if (type == SignalType.vpdq) {
                // HMA's vPDQ comparison: the shares of frames found each way, against its thresholds
                VideoComparison c = new MatchRule(
                                SignalType.PDQ_MATCH_DISTANCE,
                                MatchRule.DEFAULT.minQuality(),
                                SignalType.VPDQ_QUERY_PERCENT,
                                SignalType.VPDQ_BANKED_PERCENT)
                        .compare(
                                HmaVpdq.parse(e.getKey() + "[0]", left, json),
                                HmaVpdq.parse(e.getKey() + "[1]", right, json));
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("query_match_percent", c.queryMatchedPercent());
                info.put("compared_match_percent", c.targetMatchedPercent());
                out.put(e.getKey(), List.of(c.matches(), info));
                continue;
            }
            int distance = type.distance(left, right);
            out.put(e.getKey(), List.of(type.matches(distance), Map.of("distance", distance)));
        }
        ctx.json(out);
    }

    // Curation

    private static Map<String, Object> bankJson(HmaBanks.BankConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("matching_enabled_ratio", c.matchingEnabledRatio());
        return m;
    }

    private void createBank(Context ctx) {
        JsonNode body = object(bodies.json(ctx, JsonNode.class));
        String name = text(body, "name").orElseThrow(() -> new InvalidInput("name", "is required"));
        double ratio = number(body, "enabled_ratio")
                .or(() -> bool(body, "enabled").map(b -> b ? 1.0 : 0.0))
                .orElse(1.0);
        ctx.status(201).json(bankJson(banks.create(WebServer.actor(ctx), name, ratio)));
    }

    private void updateBank(Context ctx) {
        JsonNode body = object(bodies.json(ctx, JsonNode.class));
        Optional<Double> ratio =
                number(body, "enabled_ratio").or(() -> bool(body, "enabled").map(b -> b ? 1.0 : 0.0));
        ctx.json(bankJson(banks.update(WebServer.actor(ctx), ctx.pathParam("name"), text(body, "name"), ratio)));
    }

    private void addContent(Context ctx) {
        Bank bank = banks.require(ctx.pathParam("name"));
        Map<String, String> hashes;
        Banks.ItemNote said;
        String url = ctx.queryParam("url");
        if (url != null && !url.isBlank()) {
            said = jsonNote(ctx);
            String type = Optional.ofNullable(ctx.queryParam("content_type")).orElse("photo");
            if (!type.equals("photo")) {
                throw new InvalidInput("content_type", "only photos are fetched by address; upload a video as a file");
            }
            hashes = select(hashPhoto("url", fetch(url)), ctx.queryParam("types"));
        } else {
            hashes = hashUpload(ctx);
            said = formNote(ctx);
        }
        ctx.json(added(bank, signals(hashes), said, ctx));
    }

    private void addSignal(Context ctx) {
        Bank bank = banks.require(ctx.pathParam("name"));
        JsonNode body = object(bodies.json(ctx, JsonNode.class));
        Map<String, String> given = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("note")) {
                continue;
            }
            if (!e.getValue().isTextual()) {
                throw new InvalidInput(e.getKey(), "Invalid " + clip(e.getKey()) + " signal: not a string");
            }
            given.put(e.getKey(), e.getValue().asText());
        }
        Banks.ItemNote said = new Banks.ItemNote(note(body), Optional.empty());
        ctx.json(added(bank, signals(given), said, ctx));
    }

    private Map<SignalType, String> signals(Map<String, String> given) {
        if (given.isEmpty()) {
            throw new InvalidInput("signals", "No signals given");
        }
        Map<SignalType, String> out = new LinkedHashMap<>();
        given.forEach((name, value) -> {
            SignalType type = SignalType.named(name, name);
            out.put(type, type.validate(name, value, json));
        });
        return out;
    }

    private Map<String, Object> added(Bank bank, Map<SignalType, String> signals, Banks.ItemNote said, Context ctx) {
        Banks.AddedItem item = banks.add(WebServer.actor(ctx), bank.name(), signals, said);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", item.itemId());
        Map<String, String> names = new LinkedHashMap<>();
        signals.forEach((t, v) -> names.put(t.name(), v));
        out.put("signals", names);
        return out;
    }

    private void showContent(Context ctx) {
        Bank bank = banks.require(ctx.pathParam("name"));
        long id = contentId(ctx);
        Banks.Item item = banks.item(bank, id).orElseThrow(() -> new FulcrumException.NotFound("content '" + id + "'"));
        boolean withSignals = truthy(ctx.queryParam("include_signals"));
        boolean withMetadata = !"false".equalsIgnoreCase(ctx.queryParam("include_metadata"));
        ctx.json(contentJson(bank, item, withSignals, withMetadata));
    }

    private Map<String, Object> contentJson(Bank bank, Banks.Item item, boolean withSignals, boolean withMetadata) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", item.id());
        out.put("disable_until_ts", item.disabledUntil());
        out.put("original_media_uri", null);
        out.put("bank", bankJson(banks.config(bank)));
        if (withSignals) {
            Map<String, String> signals = banks.signals(bank, item.id());
            if (!signals.isEmpty()) {
                out.put("signals", signals);
            }
        }
        if (withMetadata && item.metadata().isPresent()) {
            out.put("metadata", parse(item.metadata().get()));
        }
        item.note().ifPresent(n -> out.put("note", n));
        return out;
    }

    private void updateContent(Context ctx) {
        Bank bank = banks.require(ctx.pathParam("name"));
        long id = contentId(ctx);
        JsonNode body = object(bodies.json(ctx, JsonNode.class));
        Optional<Long> until = Optional.empty();
        if (body.has("disable_until_ts")) {
            JsonNode v = body.get("disable_until_ts");
            if (!v.canConvertToLong() || !v.isIntegralNumber() && !v.isTextual()) {
                throw new InvalidInput("disable_until_ts", "must be a whole number of seconds since 1970");
            }
            long ts;
            try {
                ts = v.isTextual() ? Long.parseLong(v.asText().strip()) : v.asLong();
            } catch (NumberFormatException e) {
                throw new InvalidInput("disable_until_ts", "must be a whole number of seconds since 1970");
            }
            if (ts < 0) {
                throw new InvalidInput("disable_until_ts", "disable_until_ts must be a non-negative integer");
            }
            if (ts > clock.instant().getEpochSecond() + FIVE_YEARS_SECONDS) {
                throw new InvalidInput("disable_until_ts", "disable_until_ts must be less than 5 years in the future");
            }
            until = Optional.of(ts);
        }
        Optional<Optional<String>> note = body.has("note") ? Optional.of(note(body)) : Optional.empty();
        Banks.Item after = banks.updateItem(WebServer.actor(ctx), bank, id, until, note);
        ctx.json(contentJson(bank, after, false, true));
    }

    private JsonNode parse(String stored) {
        try {
            return json.tree(stored);
        } catch (IOException e) {
            throw new IllegalStateException("stored metadata is not JSON", e);
        }
    }

    // Reading HMA's loosely typed inputs strictly

    private static long contentId(Context ctx) {
        String raw = ctx.pathParam("id");
        if (!raw.matches("[0-9]{1,18}")) {
            throw new FulcrumException.NotFound("content '" + clip(raw) + "'");
        }
        return Long.parseLong(raw);
    }

    private static JsonNode object(JsonNode body) {
        if (!body.isObject()) {
            throw new InvalidInput("body", "this endpoint expects a JSON object");
        }
        return body;
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new InvalidInput(field, "must be a string");
        }
        return Optional.of(v.asText());
    }

    private static Optional<Double> number(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isNumber()) {
            throw new InvalidInput(field, "must be a number between 0 and 1");
        }
        return Optional.of(v.asDouble());
    }

    private static Optional<Boolean> bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw new InvalidInput(field, "must be true or false");
        }
        return Optional.of(v.asBoolean());
    }

    private static Optional<String> note(JsonNode body) {
        Optional<String> note = text(body, "note");
        if (note.isPresent() && note.get().length() > 255) {
            throw new InvalidInput("note", "note must be at most 255 characters");
        }
        return note.filter(n -> !n.isBlank());
    }

    private Banks.ItemNote jsonNote(Context ctx) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            return Banks.ItemNote.NONE;
        }
        JsonNode body = object(bodies.json(ctx, JsonNode.class));
        return new Banks.ItemNote(note(body), metadata(body.get("metadata")));
    }

    private Banks.ItemNote formNote(Context ctx) {
        Optional<String> note = Optional.ofNullable(ctx.formParam("note")).filter(n -> !n.isBlank());
        if (note.isPresent() && note.get().length() > 255) {
            throw new InvalidInput("note", "note must be at most 255 characters");
        }
        String raw = ctx.formParam("metadata");
        JsonNode metadata = null;
        if (raw != null) {
            try {
                metadata = json.tree(raw);
            } catch (IOException e) {
                throw new InvalidInput("metadata", "metadata form field must be valid JSON");
            }
        }
        return new Banks.ItemNote(note, metadata(metadata));
    }

    /** HMA's content metadata: an object of {@code content_id}, {@code content_uri} and {@code json}. */
    private Optional<String> metadata(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return Optional.empty();
        }
        if (!metadata.isObject()) {
            throw new InvalidInput("metadata", "metadata should be a json object");
        }
        ObjectNode kept = json.mapper().createObjectNode();
        for (Iterator<String> it = metadata.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.equals("collab")) {
                continue;
            }
            if (!METADATA_KEYS.contains(key)) {
                throw new InvalidInput(
                        "metadata." + clip(key), "Invalid metadata: unknown field (content_id, content_uri or json)");
            }
            JsonNode v = metadata.get(key);
            if (!key.equals("json") && !v.isTextual() && !v.isNull()) {
                throw new InvalidInput("metadata." + key, "Invalid metadata: must be a string");
            }
            kept.set(key, v);
        }
        return kept.isEmpty() ? Optional.empty() : Optional.of(json.write(kept));
    }

    private static Optional<Set<String>> bankFilter(String banks) {
        if (banks == null || banks.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Set.of(java.util.Arrays.stream(banks.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toArray(String[]::new)));
    }

    private static String required(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            throw new InvalidInput(name, "is required");
        }
        return v;
    }

    private static boolean truthy(String v) {
        return v != null && (v.equalsIgnoreCase("true") || v.equals("1"));
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
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
