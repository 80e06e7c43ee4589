package org.fulcrum.server.hma;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.detect.Bank;
import org.fulcrum.server.detect.BankHash;
import org.fulcrum.server.detect.BankIndex;
import org.fulcrum.server.detect.BankItems;
import org.fulcrum.server.detect.BankKind;
import org.fulcrum.server.detect.BankSignal;
import org.fulcrum.server.detect.BankSpec;
import org.fulcrum.server.detect.Banks;
import org.fulcrum.server.detect.HashType;
import org.fulcrum.server.detect.MatchPolicy;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.store.Database;

/**
 * HMA's banks and banked content on Fulcrum's banks: an HMA bank is a Fulcrum bank found by name
 * (one created through this API is a block bank whose matches go to human review, for an admin to
 * give a policy and reason later); HMA content is a bank item; the bank's "matching enabled ratio"
 * (the share of lookups it takes part in) is kept beside the bank, and a ratio of 0 disables it.
 * An HMA bank holds every signal type, a Fulcrum bank images or videos: the {@code vpdq} signals of
 * HMA bank {@code NAME} (with the other hashes of the same content) go to a video bank named
 * {@code NAME__VPDQ}, created with the first one, hidden from HMA's bank list and reported under
 * {@code NAME}.
 */
final class HmaBanks {
    /** HMA's bank names: capitals, digits and underscores, not starting with a digit. */
    static final Pattern NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,99}");

    /** The suffix of the video bank that holds an HMA bank's vPDQ signals. */
    static final String VIDEO_SUFFIX = "__VPDQ";

    private final Database db;
    private final Banks banks;
    private final BankItems items;
    private final BankIndex index;
    private final Clock clock;
    private final Json json;

    HmaBanks(Database db, Banks banks, BankIndex index, Clock clock, Json json) {
        this.db = db;
        this.banks = banks;
        this.items = new BankItems(db, banks);
        this.index = index;
        this.clock = clock;
        this.json = json;
    }

    /** One bank as HMA describes it. */
    record BankConfig(String name, double matchingEnabledRatio) {}

    /**
     * A banked item that a signal matched.
     *
     * @param distance as HMA prints it: Hamming bits for PDQ, 0 for digests, for vPDQ the shares of
     *     frames found each way ({@code "100%[93%]"})
     */
    record Hit(String bank, long contentId, String distance, double bankRatio) {}

    List<BankConfig> list() {
        return banks.list().stream()
                .filter(b -> !b.name().endsWith(VIDEO_SUFFIX))
                .map(this::config)
                .toList();
    }

    Optional<Bank> byName(String name) {
        return banks.list().stream().filter(b -> b.name().equals(name)).findFirst();
    }

    Bank require(String name) {
        return byName(name).orElseThrow(() -> new FulcrumException.NotFound("bank '" + name + "'"));
    }

    BankConfig config(Bank b) {
        double ratio = db.read(h -> h.createQuery("SELECT ratio FROM bank_match_ratio WHERE bank_id = :b")
                        .bind("b", b.id())
                        .mapTo(Double.class)
                        .findOne())
                .orElse(1.0);
        return new BankConfig(b.name(), b.enabled() ? ratio : 0.0);
    }

    static String validName(String field, String name) {
        if (name == null || !NAME.matcher(name).matches() || name.endsWith(VIDEO_SUFFIX)) {
            throw new InvalidInput(
                    field,
                    "a bank name is capital letters, digits and underscores, not starting"
                            + " with a digit (at most 100), not ending in " + VIDEO_SUFFIX);
        }
        return name;
    }

    static double validRatio(String field, double ratio) {
        if (!(ratio >= 0.0 && ratio <= 1.0)) {
            throw new InvalidInput(field, "must be between 0 and 1");
        }
        return ratio;
    }

    BankConfig create(String actor, String name, double ratio) {
        validName("name", name);
        validRatio("enabled_ratio", ratio);
        if (byName(name).isPresent()) {
            throw new FulcrumException.Forbidden("Bank already exists");
        }
        Bank bank = banks.create(
                actor,
                new BankSpec(
                        name,
                        Optional.of("Created through the hash-matching API"),
                        BankKind.block,
                        Optional.of(MatchPolicy.review),
                        Optional.of(Reason.unspecified),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(ratio > 0)));
        saveRatio(bank.id(), ratio);
        return config(bank);
    }

    BankConfig update(String actor, String name, Optional<String> rename, Optional<Double> ratio) {
        Bank bank = require(name);
        rename.ifPresent(n -> validName("name", n));
        ratio.ifPresent(r -> validRatio("enabled_ratio", r));
        if (rename.isPresent()
                && !rename.get().equals(name)
                && byName(rename.get()).isPresent()) {
            throw new FulcrumException.Forbidden("Bank name already exists");
        }
        boolean enabled = ratio.map(r -> r > 0).orElse(bank.enabled());
        Bank after = banks.update(
                actor,
                bank.id(),
                new BankSpec(
                        rename.orElse(bank.name()),
                        Optional.ofNullable(bank.description()),
                        bank.kind(),
                        bank.policy(),
                        bank.reason(),
                        bank.legalGround(),
                        Optional.of(bank.threshold()),
                        Optional.of(bank.preserveDays()),
                        Optional.of(enabled)));
        ratio.ifPresent(r -> saveRatio(bank.id(), r));
        Optional<Bank> video = byName(name + VIDEO_SUFFIX);
        if (video.isPresent()) {
            Bank v = video.get();
            banks.update(
                    actor,
                    v.id(),
                    new BankSpec(
                            after.name() + VIDEO_SUFFIX,
                            Optional.ofNullable(v.description()),
                            v.kind(),
                            v.policy(),
                            v.reason(),
                            v.legalGround(),
                            Optional.of(v.threshold()),
                            Optional.of(v.preserveDays()),
                            Optional.of(enabled)));
        }
        return config(after);
    }

    /** Deletes the bank if it exists (HMA answers the same either way). */
    void delete(String actor, String name) {
        byName(name).ifPresent(b -> banks.delete(actor, b.id(), "deleted through the hash-matching API"));
        byName(name + VIDEO_SUFFIX)
                .ifPresent(b -> banks.delete(actor, b.id(), "deleted through the hash-matching API"));
    }

    private void saveRatio(String bankId, double ratio) {
        db.write(tx ->
                tx.handle().createUpdate("""
                        INSERT INTO bank_match_ratio (bank_id, ratio) VALUES (:b, :r)
                        ON CONFLICT (bank_id) DO UPDATE SET ratio = excluded.ratio""").bind("b", bankId).bind("r", ratio).execute());
    }

    /** Banks the signals of one item; returns its id and the signals as stored. */
    BankItems.AddedItem add(String actor, String name, Map<SignalType, String> signals, BankItems.ItemNote said) {
        Bank bank = require(name);
        if (signals.isEmpty()) {
            throw new InvalidInput("signals", "No signals given");
        }
        if (signals.containsKey(SignalType.vpdq)) {
            if (signals.containsKey(SignalType.pdq)) {
                throw new InvalidInput("pdq", "a photo's pdq and a video's vpdq cannot be one content");
            }
            bank = videoBank(actor, bank);
        }
        List<BankHash> hashes = new ArrayList<>();
        signals.forEach((type, value) -> hashes.add(
                type == SignalType.vpdq
                        ? BankHash.video(HmaVpdq.parse(type.name(), value, json), Optional.empty(), Optional.of("hma"))
                        : new BankHash(value, Optional.of(type.hashType), Optional.empty(), Optional.of("hma"))));
        return items.addItem(actor, bank.id(), hashes, "hash-matching API", said);
    }

    /** The video bank of HMA bank {@code bank}, created like it on first use. */
    private Bank videoBank(String actor, Bank bank) {
        Optional<Bank> existing = byName(bank.name() + VIDEO_SUFFIX);
        if (existing.isPresent()) {
            return existing.get();
        }
        return banks.create(
                actor,
                new BankSpec(
                        bank.name() + VIDEO_SUFFIX,
                        Optional.of("vPDQ signals of the hash-matching API's bank " + bank.name()),
                        bank.kind(),
                        bank.policy(),
                        bank.reason(),
                        bank.legalGround(),
                        Optional.of(bank.threshold()),
                        Optional.of(bank.preserveDays()),
                        Optional.of(bank.enabled()),
                        Optional.of(BankSignal.video)));
    }

    /** The bank that holds item {@code itemId} of HMA bank {@code bank}: the bank or its video bank. */
    private Bank holder(Bank bank, long itemId) {
        if (items.item(bank.id(), itemId).isPresent()) {
            return bank;
        }
        return byName(bank.name() + VIDEO_SUFFIX)
                .filter(v -> items.item(v.id(), itemId).isPresent())
                .orElse(bank);
    }

    Optional<BankItems.Item> item(Bank bank, long itemId) {
        return items.item(holder(bank, itemId).id(), itemId);
    }

    BankItems.Item updateItem(
            String actor, Bank bank, long itemId, Optional<Long> disabledUntil, Optional<Optional<String>> note) {
        return items.updateItem(actor, holder(bank, itemId).id(), itemId, disabledUntil, note);
    }

    int removeItem(String actor, Bank bank, long itemId) {
        return items.removeItem(actor, holder(bank, itemId).id(), itemId, "removed through the hash-matching API");
    }

    /** The signals of an item, by HMA's type names. */
    Map<String, String> signals(Bank hmaBank, long itemId) {
        Bank bank = holder(hmaBank, itemId);
        Map<String, String> out = new LinkedHashMap<>();
        for (BankHash h : items.itemHashes(bank.id(), itemId)) {
            if (h.hashType() == HashType.vpdq) {
                index.videoFrames(bank.id(), h.hash())
                        .ifPresent(frames -> out.put(SignalType.vpdq.name(), HmaVpdq.format(frames, json)));
                continue;
            }
            SignalType.of(h.hashType()).ifPresent(t -> out.put(t.name(), h.hash()));
        }
        return out;
    }

    /**
     * Every banked item {@code signal} matches, in every bank, enabled or not (HMA's raw lookup),
     * each with its distance and its bank's ratio.
     */
    List<Hit> lookup(SignalType type, String signal) {
        List<BankIndex.BankMatch> matches = type == SignalType.vpdq
                ? index.lookupVideo(
                        HmaVpdq.parse("signal", signal, json),
                        SignalType.VPDQ_QUERY_PERCENT,
                        SignalType.VPDQ_BANKED_PERCENT)
                : index.lookup(type.hashType, signal);
        List<Hit> out = new ArrayList<>(matches.size());
        for (BankIndex.BankMatch m : matches) {
            Optional<Long> item = db.read(h -> BankItems.itemOf(h, m.bank().id(), m.type(), m.bankedHash()));
            String distance = m.video()
                    .map(v -> Math.round(v.queryMatchedPercent()) + "%[" + Math.round(v.targetMatchedPercent()) + "%]")
                    .orElse(String.valueOf(m.distance()));
            String name = m.bank().name();
            Bank shown = name.endsWith(VIDEO_SUFFIX)
                    ? byName(name.substring(0, name.length() - VIDEO_SUFFIX.length()))
                            .orElse(m.bank())
                    : m.bank();
            item.ifPresent(id ->
                    out.add(new Hit(shown.name(), id, distance, config(shown).matchingEnabledRatio())));
        }
        return out;
    }

    /** The items among {@code hits} switched off for now. */
    Set<Long> disabled(List<Hit> hits) {
        return items.disabled(hits.stream().map(Hit::contentId).toList(), clock.instant());
    }

    /**
     * The index of one signal type as HMA reports it.
     *
     * @param size hashes of this type in memory
     * @param newest when the newest of them was banked (epoch seconds), -1 when none is
     */
    record IndexStatus(long size, long newest) {}

    IndexStatus status(SignalType type) {
        return db.read(h -> h.createQuery(
                        "SELECT COUNT(*) AS n, MAX(added_at) AS newest FROM bank_hash WHERE type = :t")
                .bind("t", type.hashType.name())
                .map((rs, ctx) -> new IndexStatus(
                        rs.getLong("n"), rs.getObject("newest") == null ? -1 : rs.getLong("newest") / 1000))
                .one());
    }
}
