package org.fulcrum.server.hma;

import static org.fulcrum.server.hma.HmaInputs.bankFilter;
import static org.fulcrum.server.hma.HmaInputs.required;
import static org.fulcrum.server.hma.HmaInputs.truthy;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.vpdq.MatchRule;
import org.fulcrum.vpdq.VideoComparison;

/**
 * HMA's matching ({@code /m}): raw lookups in every bank, lookups by bank honouring each bank's
 * matching ratio with HMA's coin flip, index status, and pairwise comparison of hashes.
 */
final class HmaMatching {
    private final HmaBanks banks;
    private final HmaHashing hashing;
    private final Bodies bodies;
    private final Json json;

    HmaMatching(HmaBanks banks, HmaHashing hashing, Bodies bodies, Json json) {
        this.banks = banks;
        this.hashing = hashing;
        this.bodies = bodies;
        this.json = json;
    }

    void rawLookup(Context ctx) {
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

    void lookupGet(Context ctx) {
        Optional<Set<String>> only = bankFilter(ctx.queryParam("banks"));
        String url = ctx.queryParam("url");
        if (url != null && !url.isBlank()) {
            Map<String, String> hashes = hashing.photoAt(url, ctx.queryParam("types"));
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

    void lookupPost(Context ctx) {
        Map<String, String> hashes = hashing.hashUpload(ctx);
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

    void indexStatus(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (SignalType t : typesOf(ctx)) {
            HmaBanks.IndexStatus s = banks.status(t);
            out.put(t.name(), Map.of("present", true, "built_to", s.newest(), "size", s.size()));
        }
        ctx.json(out);
    }

    void signalTypeIndex(Context ctx) {
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

    void compare(Context ctx) {
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
}
