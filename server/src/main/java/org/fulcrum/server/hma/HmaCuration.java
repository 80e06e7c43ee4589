package org.fulcrum.server.hma;

import static org.fulcrum.server.hma.HmaInputs.bool;
import static org.fulcrum.server.hma.HmaInputs.clip;
import static org.fulcrum.server.hma.HmaInputs.contentId;
import static org.fulcrum.server.hma.HmaInputs.note;
import static org.fulcrum.server.hma.HmaInputs.number;
import static org.fulcrum.server.hma.HmaInputs.object;
import static org.fulcrum.server.hma.HmaInputs.text;
import static org.fulcrum.server.hma.HmaInputs.truthy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.detect.Bank;
import org.fulcrum.server.detect.BankItems;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.WebServer;

/**
 * HMA's curation ({@code /c}): banks with their matching ratio, and banked content — an uploaded
 * file, a photo address or signals given as hashes, with HMA's note and metadata — which may be
 * switched off until a time or removed.
 */
final class HmaCuration {
    private static final Set<String> METADATA_KEYS = Set.of("content_id", "content_uri", "json");
    private static final long FIVE_YEARS_SECONDS = 5L * 365 * 24 * 3600;

    private final HmaBanks banks;
    private final HmaHashing hashing;
    private final Bodies bodies;
    private final Clock clock;
    private final Json json;

    HmaCuration(HmaBanks banks, HmaHashing hashing, Bodies bodies, Clock clock, Json json) {
        this.banks = banks;
        this.hashing = hashing;
        this.bodies = bodies;
        this.clock = clock;
        this.json = json;
    }

    void listBanks(Context ctx) {
        ctx.json(banks.list().stream().map(HmaCuration::bankJson).toList());
    }

    void showBank(Context ctx) {
        ctx.json(bankJson(banks.config(banks.require(ctx.pathParam("name")))));
    }

    void deleteBank(Context ctx) {
        banks.delete(WebServer.actor(ctx), ctx.pathParam("name"));
        ctx.json(Map.of("message", "Done"));
    }

    void deleteContent(Context ctx) {
        Bank bank = banks.require(ctx.pathParam("name"));
        int deleted = banks.removeItem(WebServer.actor(ctx), bank, contentId(ctx));
        ctx.json(Map.of("deleted", deleted));
    }

    private static Map<String, Object> bankJson(HmaBanks.BankConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("matching_enabled_ratio", c.matchingEnabledRatio());
        return m;
    }

    void createBank(Context ctx) {
        JsonNode body = object(bodies.json(ctx, JsonNode.class));
        String name = text(body, "name").orElseThrow(() -> new InvalidInput("name", "is required"));
        double ratio = number(body, "enabled_ratio")
                .or(() -> bool(body, "enabled").map(b -> b ? 1.0 : 0.0))
                .orElse(1.0);
        ctx.status(201).json(bankJson(banks.create(WebServer.actor(ctx), name, ratio)));
    }

    void updateBank(Context ctx) {
        JsonNode body = object(bodies.json(ctx, JsonNode.class));
        Optional<Double> ratio =
                number(body, "enabled_ratio").or(() -> bool(body, "enabled").map(b -> b ? 1.0 : 0.0));
        ctx.json(bankJson(banks.update(WebServer.actor(ctx), ctx.pathParam("name"), text(body, "name"), ratio)));
    }

    void addContent(Context ctx) {
        Bank bank = banks.require(ctx.pathParam("name"));
        Map<String, String> hashes;
        BankItems.ItemNote said;
        String url = ctx.queryParam("url");
        if (url != null && !url.isBlank()) {
            said = jsonNote(ctx);
            String type = Optional.ofNullable(ctx.queryParam("content_type")).orElse("photo");
            if (!type.equals("photo")) {
                throw new InvalidInput("content_type", "only photos are fetched by address; upload a video as a file");
            }
            hashes = hashing.photoAt(url, ctx.queryParam("types"));
        } else {
            hashes = hashing.hashUpload(ctx);
            said = formNote(ctx);
        }
        ctx.json(added(bank, signals(hashes), said, ctx));
    }

    void addSignal(Context ctx) {
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
        BankItems.ItemNote said = new BankItems.ItemNote(note(body), Optional.empty());
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

    private Map<String, Object> added(
            Bank bank, Map<SignalType, String> signals, BankItems.ItemNote said, Context ctx) {
        BankItems.AddedItem item = banks.add(WebServer.actor(ctx), bank.name(), signals, said);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", item.itemId());
        Map<String, String> names = new LinkedHashMap<>();
        signals.forEach((t, v) -> names.put(t.name(), v));
        out.put("signals", names);
        return out;
    }

    void showContent(Context ctx) {
        Bank bank = banks.require(ctx.pathParam("name"));
        long id = contentId(ctx);
        BankItems.Item item =
                banks.item(bank, id).orElseThrow(() -> new FulcrumException.NotFound("content '" + id + "'"));
        boolean withSignals = truthy(ctx.queryParam("include_signals"));
        boolean withMetadata = !"false".equalsIgnoreCase(ctx.queryParam("include_metadata"));
        ctx.json(contentJson(bank, item, withSignals, withMetadata));
    }

    private Map<String, Object> contentJson(Bank bank, BankItems.Item item, boolean withSignals, boolean withMetadata) {
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

    void updateContent(Context ctx) {
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
        BankItems.Item after = banks.updateItem(WebServer.actor(ctx), bank, id, until, note);
        ctx.json(contentJson(bank, after, false, true));
    }

    private JsonNode parse(String stored) {
        try {
            return json.tree(stored);
        } catch (IOException e) {
            throw new IllegalStateException("stored metadata is not JSON", e);
        }
    }

    private BankItems.ItemNote jsonNote(Context ctx) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            return BankItems.ItemNote.NONE;
        }
        JsonNode body = object(bodies.json(ctx, JsonNode.class));
        return new BankItems.ItemNote(note(body), metadata(body.get("metadata")));
    }

    private BankItems.ItemNote formNote(Context ctx) {
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
        return new BankItems.ItemNote(note, metadata(metadata));
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
}
