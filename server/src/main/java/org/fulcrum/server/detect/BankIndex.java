package org.fulcrum.server.detect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.fulcrum.pdq.Match;
import org.fulcrum.pdq.MultiIndexHashIndex;
import org.fulcrum.pdq.PdqHash;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.store.Database;
import org.fulcrum.vpdq.MatchRule;
import org.fulcrum.vpdq.VideoComparison;
import org.fulcrum.vpdq.VpdqFeature;

/**
 * Every bank in memory: a multi-index Hamming index of its PDQ hashes, hash sets of its MD5 and
 * SHA-256 hashes, and for video banks a multi-index of every banked video's distinct frames (keyed
 * by the video) beside the videos' frames, so a query video's frames find the candidate videos and
 * the vPDQ rule ({@link MatchRule}) decides. Changes made on this node are applied after their commit (on the writer thread,
 * in commit order), so a hash is matchable for new content as soon as its write is acknowledged.
 * Applying a change twice is harmless (a PDQ hash is removed before it is added), which lets a
 * reload that raced with a change be corrected by the next one. Readers never block writers.
 */
public final class BankIndex {
    private final Map<String, Loaded> banks = new ConcurrentHashMap<>();

    /** One bank's hashes. The PDQ index keeps every hash under id 0: a bank holds a hash once. */
    static final class Loaded {
        volatile Bank bank;
        final MultiIndexHashIndex pdq;
        final Set<String> md5 = ConcurrentHashMap.newKeySet();
        final Set<String> sha256 = ConcurrentHashMap.newKeySet();
        final MultiIndexHashIndex frames = new MultiIndexHashIndex(MultiIndexHashIndex.DEFAULT_SLOTS, 0);
        final Map<String, Video> videos = new ConcurrentHashMap<>();
        final Map<Long, Video> videoKeys = new ConcurrentHashMap<>();
        final AtomicLong nextKey = new AtomicLong();

        Loaded(Bank bank, int expected) {
            this.bank = bank;
            this.pdq = new MultiIndexHashIndex(MultiIndexHashIndex.slotsFor(expected), expected);
        }
    }

    /** A banked video: its hash (the id of its frames), its key in the frame index, its frames. */
    record Video(String id, long key, List<VpdqFeature> features) {}

    /**
     * A media item found in a bank.
     *
     * @param bank the bank
     * @param type which of the item's hashes matched
     * @param bankedHash the hash in the bank that matched (for PDQ, the nearest one)
     * @param distance the Hamming distance for PDQ, 0 for exact digests
     * @param mediaId the platform's id of the item, if it gave one
     * @param video for vPDQ: the shares of frames found each way
     */
    public record BankMatch(
            Bank bank,
            HashType type,
            String bankedHash,
            int distance,
            Optional<String> mediaId,
            Optional<VideoComparison> video) {
        public BankMatch(Bank bank, HashType type, String bankedHash, int distance, Optional<String> mediaId) {
            this(bank, type, bankedHash, distance, mediaId, Optional.empty());
        }
    }

    /** Loads every bank from the database (at start, and when a node fell too far behind the changes). */
    public void loadAll(Database db) {
        List<Bank> stored = db.read(h -> h.createQuery("SELECT " + Bank.COLUMNS + " FROM hash_bank")
                .map((rs, ctx) -> Bank.map(rs))
                .list());
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (Bank b : stored) {
            ids.add(b.id());
            reload(db, b);
        }
        banks.keySet().retainAll(ids);
    }

    /** Rebuilds one bank from the database and swaps it in. */
    void reload(Database db, Bank bank) {
        Loaded fresh = new Loaded(bank, (int) Math.min(bank.hashCount(), Integer.MAX_VALUE - 16));
        List<PdqHash> pdq = new ArrayList<>();
        Map<String, List<VpdqFeature>> videos = new java.util.LinkedHashMap<>();
        db.read(h -> h.inTransaction(tx -> {
            tx.createQuery("SELECT type, hash FROM bank_hash WHERE bank_id = :b")
                    .bind("b", bank.id())
                    .setFetchSize(10_000)
                    .map((rs, ctx) -> new String[] {rs.getString("type"), rs.getString("hash")})
                    .useStream(rows -> rows.forEach(r -> {
                        switch (HashType.valueOf(r[0])) {
                            case pdq -> pdq.add(PdqHash.fromHex(r[1]));
                            case md5 -> fresh.md5.add(r[1]);
                            case sha256 -> fresh.sha256.add(r[1]);
                            case vpdq -> videos.put(r[1], new ArrayList<>());
                        }
                    }));
            if (!videos.isEmpty()) {
                tx.createQuery("SELECT video, frame, quality, hash, seconds FROM bank_video_frame WHERE bank_id = :b"
                                + " ORDER BY video, n")
                        .bind("b", bank.id())
                        .setFetchSize(10_000)
                        .map((rs, ctx) -> {
                            List<VpdqFeature> frames = videos.get(rs.getString("video"));
                            if (frames != null) {
                                frames.add(new VpdqFeature(
                                        rs.getLong("frame"),
                                        rs.getInt("quality"),
                                        PdqHash.fromHex(rs.getString("hash")),
                                        rs.getDouble("seconds")));
                            }
                            return 0;
                        })
                        .useStream(rows -> rows.forEach(r -> {}));
            }
            return null;
        }));
        fresh.pdq.addAll(new long[pdq.size()], pdq);
        videos.forEach((id, frames) -> addVideo(fresh, id, frames));
        banks.put(bank.id(), fresh);
    }

    /** The bank's settings changed (or it is new). */
    void put(Bank bank) {
        banks.compute(bank.id(), (id, loaded) -> {
            if (loaded == null) {
                return new Loaded(bank, 0);
            }
            if (bank.version() >= loaded.bank.version()) {
                loaded.bank = bank;
            }
            return loaded;
        });
    }

    void added(Bank bank, Collection<BankHash> hashes) {
        added(bank.id(), hashes);
        put(bank);
    }

    /**
     * Hashes joined a bank; a vPDQ hash comes with its frames, or {@code frames} finds them (for a
     * change another node made).
     */
    void added(
            String bankId, Collection<BankHash> hashes, java.util.function.Function<String, List<VpdqFeature>> frames) {
        Loaded l = banks.get(bankId);
        if (l == null) {
            return;
        }
        for (BankHash h : hashes) {
            if (h.hashType() == HashType.vpdq) {
                addVideo(l, h.hash(), h.frames().isPresent() ? h.features() : frames.apply(h.hash()));
            }
        }
        added(bankId, hashes.stream().filter(h -> h.hashType() != HashType.vpdq).toList());
    }

    private void added(String bankId, Collection<BankHash> hashes) {
        Loaded l = banks.get(bankId);
        if (l == null) {
            return;
        }
        for (BankHash h : hashes) {
            switch (h.hashType()) {
                case pdq -> {
                    PdqHash p = PdqHash.fromHex(h.hash());
                    l.pdq.remove(0, p);
                    l.pdq.add(0, p);
                }
                case md5 -> l.md5.add(h.hash());
                case sha256 -> l.sha256.add(h.hash());
                case vpdq -> addVideo(l, h.hash(), h.features());
            }
        }
    }

    void removed(Bank bank, Collection<BankHash> hashes) {
        removed(bank.id(), hashes);
        put(bank);
    }

    /**
     * Hashes left a bank. The PDQ hashes and the removed videos' frames each leave their index in
     * one batch: a frame many videos share (a black frame) is then read once for all of them rather
     * than once per video.
     */
    void removed(String bankId, Collection<BankHash> hashes) {
        Loaded l = banks.get(bankId);
        if (l == null) {
            return;
        }
        List<PdqHash> pdq = new ArrayList<>();
        List<PdqHash> frames = new ArrayList<>();
        List<Long> frameKeys = new ArrayList<>();
        for (BankHash h : hashes) {
            switch (h.hashType()) {
                case pdq -> pdq.add(PdqHash.fromHex(h.hash()));
                case md5 -> l.md5.remove(h.hash());
                case sha256 -> l.sha256.remove(h.hash());
                case vpdq -> {
                    Video v = l.videos.remove(h.hash());
                    if (v != null) {
                        for (PdqHash p : distinct(v.features(), MatchRule.DEFAULT.minQuality())) {
                            frames.add(p);
                            frameKeys.add(v.key());
                        }
                        l.videoKeys.remove(v.key());
                    }
                }
            }
        }
        l.pdq.removeAll(new long[pdq.size()], pdq);
        l.frames.removeAll(frameKeys.stream().mapToLong(Long::longValue).toArray(), frames);
    }

    /** Indexes a video's distinct frames of sufficient quality under a key of its own (once). */
    private static void addVideo(Loaded l, String id, List<VpdqFeature> features) {
        if (features.isEmpty() || l.videos.containsKey(id)) {
            return;
        }
        Video v = new Video(id, l.nextKey.incrementAndGet(), List.copyOf(features));
        l.videoKeys.put(v.key(), v);
        for (PdqHash p : distinct(features, MatchRule.DEFAULT.minQuality())) {
            l.frames.add(v.key(), p);
        }
        l.videos.put(id, v);
    }

    private static Set<PdqHash> distinct(List<VpdqFeature> features, int minQuality) {
        Set<PdqHash> out = new java.util.LinkedHashSet<>();
        for (VpdqFeature f : features) {
            if (f.quality() >= minQuality) {
                out.add(f.hash());
            }
        }
        return out;
    }

    /**
     * The banked videos of {@code l} that {@code query} matches by the vPDQ rule at the bank's frame
     * distance and frame shares: the frame index finds the videos holding any of the query's frames, and the rule
     * is then run against each of those whose found share could reach the rule's query share.
     */
    private static List<BankMatch> videos(Loaded l, Bank b, List<VpdqFeature> query, Optional<String> mediaId) {
        return videos(l, b, query, mediaId, b.videoShares().rule(b.threshold()));
    }

    private static List<BankMatch> videos(
            Loaded l, Bank b, List<VpdqFeature> query, Optional<String> mediaId, MatchRule rule) {
        Set<PdqHash> needles = distinct(query, rule.minQuality());
        if (needles.isEmpty()) {
            return List.of();
        }
        Map<Long, Integer> found = new java.util.HashMap<>();
        for (PdqHash n : needles) {
            Set<Long> keys = new java.util.HashSet<>();
            for (Match m : l.frames.query(n, rule.maxDistance())) {
                keys.add(m.id());
            }
            keys.forEach(k -> found.merge(k, 1, Integer::sum));
        }
        List<BankMatch> out = new ArrayList<>(0);
        for (Map.Entry<Long, Integer> e : found.entrySet()) {
            if (100.0 * e.getValue() / needles.size() < rule.queryPercent()) {
                continue;
            }
            Video v = l.videoKeys.get(e.getKey());
            if (v == null) {
                continue;
            }
            VideoComparison c = rule.compare(query, v.features());
            if (c.matches()) {
                out.add(new BankMatch(b, HashType.vpdq, v.id(), 0, mediaId, Optional.of(c)));
            }
        }
        out.sort(java.util.Comparator.comparingDouble(
                (BankMatch m) -> -m.video().orElseThrow().queryMatchedPercent()));
        return out;
    }

    void dropped(String bankId) {
        banks.remove(bankId);
    }

    /** The version of each loaded bank, for comparing with the stored ones. */
    Map<String, Long> versions() {
        Map<String, Long> out = new java.util.HashMap<>();
        banks.forEach((id, l) -> out.put(id, l.bank.version()));
        return out;
    }

    /** Whether any enabled bank is loaded (so events without media need not look). */
    boolean isEmpty() {
        return banks.isEmpty();
    }

    /** Every enabled bank {@code media} matches, allow banks included. */
    public List<BankMatch> match(ContentEvent.MediaRef media) {
        return match(media, Bank::enabled);
    }

    /** Every bank {@code include} accepts that {@code media} matches. */
    List<BankMatch> match(ContentEvent.MediaRef media, Predicate<Bank> include) {
        List<BankMatch> out = new ArrayList<>(0);
        PdqHash needle = media.pdq().map(PdqHash::fromHex).orElse(null);
        List<VpdqFeature> video = media.vpdqFeatures();
        for (Loaded l : banks.values()) {
            Bank b = l.bank;
            if (!include.test(b)) {
                continue;
            }
            if (!video.isEmpty() && !l.videos.isEmpty()) {
                List<BankMatch> videos = videos(l, b, video, media.mediaId());
                if (!videos.isEmpty()) {
                    out.add(videos.getFirst());
                    continue;
                }
            }
            if (needle != null && l.pdq.size() > 0) {
                List<Match> found = l.pdq.query(needle, b.threshold());
                if (!found.isEmpty()) {
                    Match m = found.getFirst();
                    out.add(new BankMatch(b, HashType.pdq, m.hash().toHex(), m.distance(), media.mediaId()));
                    continue;
                }
            }
            if (media.md5().map(l.md5::contains).orElse(false)) {
                out.add(new BankMatch(b, HashType.md5, media.md5().get(), 0, media.mediaId()));
            } else if (media.sha256().map(l.sha256::contains).orElse(false)) {
                out.add(new BankMatch(b, HashType.sha256, media.sha256().get(), 0, media.mediaId()));
            }
        }
        return out;
    }

    /**
     * Every banked hash that {@code hex} matches, in every loaded bank whether enabled or not: for
     * PDQ each hash within the bank's threshold (not only the nearest), for digests the equal one.
     */
    public List<BankMatch> lookup(HashType type, String hex) {
        List<BankMatch> out = new ArrayList<>();
        PdqHash needle = type == HashType.pdq ? PdqHash.fromHex(hex) : null;
        for (Loaded l : banks.values()) {
            Bank b = l.bank;
            switch (type) {
                case pdq -> {
                    for (Match m : l.pdq.query(needle, b.threshold())) {
                        out.add(new BankMatch(b, type, m.hash().toHex(), m.distance(), Optional.empty()));
                    }
                }
                case md5 -> {
                    if (l.md5.contains(hex)) {
                        out.add(new BankMatch(b, type, hex, 0, Optional.empty()));
                    }
                }
                case sha256 -> {
                    if (l.sha256.contains(hex)) {
                        out.add(new BankMatch(b, type, hex, 0, Optional.empty()));
                    }
                }
                case vpdq -> {
                    if (l.videos.containsKey(hex)) {
                        out.add(new BankMatch(b, type, hex, 0, Optional.empty()));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Every banked video that {@code query} matches in every loaded bank, enabled or not, by the
     * vPDQ rule with {@code queryPercent} and {@code targetPercent} at each bank's frame distance.
     */
    public List<BankMatch> lookupVideo(List<VpdqFeature> query, double queryPercent, double targetPercent) {
        List<BankMatch> out = new ArrayList<>();
        for (Loaded l : banks.values()) {
            if (l.videos.isEmpty()) {
                continue;
            }
            Bank b = l.bank;
            MatchRule rule = new MatchRule(b.threshold(), MatchRule.DEFAULT.minQuality(), queryPercent, targetPercent);
            out.addAll(videos(l, b, query, Optional.empty(), rule));
        }
        return out;
    }

    /** The frames of banked video {@code id} in bank {@code bankId}, if it is loaded. */
    public Optional<List<VpdqFeature>> videoFrames(String bankId, String id) {
        Loaded l = banks.get(bankId);
        return Optional.ofNullable(l == null ? null : l.videos.get(id)).map(Video::features);
    }

    /** The frames a bank's videos hold in its frame index, for tests. */
    int frameCount(String bankId) {
        Loaded l = banks.get(bankId);
        return l == null ? 0 : l.frames.size();
    }

    /** A bank's hash count in memory, for tests and the console. */
    public long size(String bankId) {
        Loaded l = banks.get(bankId);
        return l == null ? 0 : l.pdq.size() + l.md5.size() + l.sha256.size() + l.videos.size();
    }
}
