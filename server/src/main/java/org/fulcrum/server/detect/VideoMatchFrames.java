package org.fulcrum.server.detect;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.review.CaseDetail;
import org.fulcrum.server.review.Cases;
import org.fulcrum.server.review.FrameStrip;
import org.fulcrum.server.store.Tx;
import org.fulcrum.vpdq.MatchRule;
import org.fulcrum.vpdq.VpdqFeature;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Which frames of a matched video matched which frames of the banked video ({@code
 * video_match_frame}), recorded with the match, and the frame strips the console draws from them:
 * the matched item's frames, a banked video's frames, each with the matched ones marked.
 */
public final class VideoMatchFrames {
    /** Most frame pairs recorded for one match: an hour at one hashed frame a second. */
    static final int MAX_PAIRS = 3600;

    /** Most frames a strip shows; the matched ones first, the rest evenly spread. */
    static final int STRIP_FRAMES = 24;

    private static final TypeReference<List<Map<String, Object>>> MEDIA = new TypeReference<>() {};

    private VideoMatchFrames() {}

    /**
     * A frame of the matched item and the nearest banked frame within the bank's distance.
     *
     * @param position the item's position in the content's media
     */
    public record Pair(
            int position, long queryFrame, double querySeconds, long bankFrame, double bankSeconds, int distance) {}

    /**
     * For each frame of {@code query} of the rule's quality, the nearest frame of {@code banked}
     * within {@code maxDistance} (the first of equals), in the query's order; frames that found none
     * are left out. At most {@link #MAX_PAIRS}.
     */
    static List<Pair> pairs(int position, List<VpdqFeature> query, List<VpdqFeature> banked, int maxDistance) {
        int minQuality = MatchRule.DEFAULT.minQuality();
        List<VpdqFeature> targets =
                banked.stream().filter(f -> f.quality() >= minQuality).toList();
        List<Pair> out = new ArrayList<>();
        for (VpdqFeature q : query) {
            if (q.quality() < minQuality || out.size() == MAX_PAIRS) {
                continue;
            }
            VpdqFeature best = null;
            int bestDistance = Integer.MAX_VALUE;
            for (VpdqFeature t : targets) {
                int d = q.hash().distance(t.hash());
                if (d <= maxDistance && d < bestDistance) {
                    best = t;
                    bestDistance = d;
                }
            }
            if (best != null) {
                out.add(new Pair(
                        position, q.frameNumber(), q.timestamp(), best.frameNumber(), best.timestamp(), bestDistance));
            }
        }
        return out;
    }

    /** The frame rows of the matches of one unit, written with the matches. */
    static final class Batch {
        private final Tx tx;
        private PreparedBatch batch;

        Batch(Tx tx) {
            this.tx = tx;
        }

        void add(String matchId, Hit h, long now) {
            if (h.frames().isEmpty()) {
                return;
            }
            if (batch == null) {
                batch = tx.handle().prepareBatch("""
                        INSERT INTO video_match_frame (match_id, n, subject_id, bank_id, video, media_position,
                                                       query_frame, query_seconds, bank_frame, bank_seconds,
                                                       distance, created_at)
                        VALUES (:match, :n, :subject, :bank, :video, :position, :queryFrame, :querySeconds,
                                :bankFrame, :bankSeconds, :distance, :now)""");
            }
            for (int n = 0; n < h.frames().size(); n++) {
                Pair p = h.frames().get(n);
                batch.bind("match", matchId)
                        .bind("n", n)
                        .bind("subject", h.subjectId())
                        .bind("bank", h.detector().id())
                        .bind("video", String.valueOf(h.evidence().get("hash")))
                        .bind("position", p.position())
                        .bind("queryFrame", p.queryFrame())
                        .bind("querySeconds", p.querySeconds())
                        .bind("bankFrame", p.bankFrame())
                        .bind("bankSeconds", p.bankSeconds())
                        .bind("distance", p.distance())
                        .bind("now", now)
                        .add();
            }
        }

        void execute() {
            if (batch != null && batch.size() > 0) {
                batch.execute();
            }
        }
    }

    /** A recorded pair as read back. */
    record Row(String matchId, String bankName, int position, Pair pair) {}

    private static List<Row> rows(Handle h, String where, Map<String, Object> binds) {
        var q = h.createQuery("""
                SELECT f.match_id, f.media_position, f.query_frame, f.query_seconds, f.bank_frame, f.bank_seconds,
                       f.distance, m.detector_name
                FROM video_match_frame f JOIN detection_match m ON m.id = f.match_id
                WHERE %s ORDER BY f.created_at DESC, f.match_id, f.n""".formatted(where));
        binds.forEach(q::bind);
        return q.map((rs, ctx) -> new Row(
                        rs.getString("match_id"),
                        rs.getString("detector_name"),
                        rs.getInt("media_position"),
                        new Pair(
                                rs.getInt("media_position"),
                                rs.getLong("query_frame"),
                                rs.getDouble("query_seconds"),
                                rs.getLong("bank_frame"),
                                rs.getDouble("bank_seconds"),
                                rs.getInt("distance"))))
                .list();
    }

    /**
     * The strips of {@code subjectId}'s matched videos, one per match (newest first, at most
     * {@code limit}): the item's hashed frames as its last content event listed them, or the matched
     * frames alone when it listed none; pictures when the item's bytes can be had and it is not
     * child-safety content.
     */
    public static List<FrameStrip> ofSubject(Handle h, Json json, String subjectId, int limit) {
        List<String> matches = h.createQuery("""
                        SELECT match_id, MAX(created_at) AS at FROM video_match_frame WHERE subject_id = :s
                        GROUP BY match_id ORDER BY at DESC, match_id LIMIT :limit""")
                .bind("s", subjectId)
                .bind("limit", limit)
                .map((rs, ctx) -> rs.getString("match_id"))
                .list();
        if (matches.isEmpty()) {
            return List.of();
        }
        Map<String, List<Row>> byMatch = new LinkedHashMap<>();
        matches.forEach(id -> byMatch.put(id, new ArrayList<>()));
        for (Row r : rows(h, "f.subject_id = :s", Map.of("s", subjectId))) {
            List<Row> list = byMatch.get(r.matchId());
            if (list != null) {
                list.add(r);
            }
        }
        List<CaseDetail.Media> media = CaseDetail.mediaOf(h, subjectId, json);
        List<List<VpdqFeature>> hashed = hashedFrames(h, json, subjectId);
        boolean childSafety = Cases.childSafety(h, subjectId);
        List<FrameStrip> out = new ArrayList<>();
        byMatch.forEach((id, rows) -> {
            if (rows.isEmpty()) {
                return;
            }
            int position = rows.getFirst().position();
            Map<Long, FrameStrip.Frame> frames = new TreeMap<>();
            if (position < hashed.size()) {
                for (VpdqFeature f : hashed.get(position)) {
                    frames.putIfAbsent(
                            f.frameNumber(),
                            new FrameStrip.Frame(
                                    f.frameNumber(), f.timestamp(), false, Optional.empty(), Optional.empty()));
                }
            }
            for (Row r : rows) {
                Pair p = r.pair();
                frames.put(p.queryFrame(), matched(p));
            }
            boolean bytes = position < media.size()
                    && (media.get(position).preserved()
                            || media.get(position).url().isPresent());
            out.add(new FrameStrip(
                    "Media item " + (position + 1) + " matched bank '"
                            + rows.getFirst().bankName() + "'",
                    Optional.of(subjectId),
                    position,
                    bytes && !childSafety,
                    sample(frames.values())));
        });
        return out;
    }

    /**
     * The strips of a bank's videos (the first {@code limit} by hash), each banked frame marked when a
     * recorded match found it. No pictures: a bank keeps hashes, not videos.
     */
    public static List<FrameStrip> ofBank(Handle h, String bankId, int limit) {
        List<String[]> videos = h.createQuery("""
                        SELECT hash, label FROM bank_hash WHERE bank_id = :b AND type = 'vpdq'
                        ORDER BY hash LIMIT :limit""")
                .bind("b", bankId)
                .bind("limit", limit)
                .map((rs, ctx) -> new String[] {rs.getString("hash"), rs.getString("label")})
                .list();
        List<FrameStrip> out = new ArrayList<>();
        for (String[] v : videos) {
            Map<Long, Pair> found = new HashMap<>();
            h.createQuery("""
                            SELECT bank_frame, bank_seconds, query_frame, query_seconds, distance, media_position
                            FROM video_match_frame WHERE bank_id = :b AND video = :v
                            ORDER BY distance, created_at DESC LIMIT 10000""")
                    .bind("b", bankId)
                    .bind("v", v[0])
                    .map((rs, ctx) -> new Pair(
                            rs.getInt("media_position"),
                            rs.getLong("query_frame"),
                            rs.getDouble("query_seconds"),
                            rs.getLong("bank_frame"),
                            rs.getDouble("bank_seconds"),
                            rs.getInt("distance")))
                    .forEach(p -> found.putIfAbsent(p.bankFrame(), p));
            Map<Long, FrameStrip.Frame> frames = new TreeMap<>();
            h.createQuery("SELECT frame, seconds FROM bank_video_frame WHERE bank_id = :b AND video = :v ORDER BY n")
                    .bind("b", bankId)
                    .bind("v", v[0])
                    .map((rs, ctx) -> {
                        long frame = rs.getLong("frame");
                        Pair p = found.get(frame);
                        return new FrameStrip.Frame(
                                frame,
                                rs.getDouble("seconds"),
                                p != null,
                                Optional.ofNullable(p).map(Pair::distance),
                                Optional.ofNullable(p).map(Pair::querySeconds));
                    })
                    .forEach(f -> frames.putIfAbsent(f.frame(), f));
            String name = v[1] == null || v[1].isBlank() ? v[0].substring(0, 12) + "…" : v[1];
            out.add(new FrameStrip("Banked video " + name, Optional.empty(), 0, false, sample(frames.values())));
        }
        return out;
    }

    /** The strip of each of {@code matchIds} that has recorded frames (the matched frames alone). */
    public static Map<String, FrameStrip> ofMatches(Handle h, List<String> matchIds) {
        if (matchIds.isEmpty()) {
            return Map.of();
        }
        Map<String, FrameStrip> out = new HashMap<>();
        Map<String, List<Row>> byMatch = new LinkedHashMap<>();
        for (Row r :
                rows(h, "f.match_id IN (<ids>)".replace("<ids>", placeholders(matchIds.size())), binds(matchIds))) {
            byMatch.computeIfAbsent(r.matchId(), k -> new ArrayList<>()).add(r);
        }
        byMatch.forEach((id, rows) -> {
            Map<Long, FrameStrip.Frame> frames = new TreeMap<>();
            for (Row r : rows) {
                Pair p = r.pair();
                frames.putIfAbsent(p.queryFrame(), matched(p));
            }
            out.put(
                    id,
                    new FrameStrip(
                            "Frames that matched bank '" + rows.getFirst().bankName() + "'",
                            Optional.empty(),
                            rows.getFirst().position(),
                            false,
                            sample(frames.values())));
        });
        return out;
    }

    private static String placeholders(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(":id").append(i);
        }
        return sb.toString();
    }

    private static Map<String, Object> binds(List<String> ids) {
        Map<String, Object> out = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            out.put("id" + i, ids.get(i));
        }
        return out;
    }

    /** At most {@link #STRIP_FRAMES} frames in order: every matched one that fits, then evenly spread others. */
    static List<FrameStrip.Frame> sample(java.util.Collection<FrameStrip.Frame> all) {
        List<FrameStrip.Frame> list = List.copyOf(all);
        if (list.size() <= STRIP_FRAMES) {
            return list;
        }
        TreeSet<Integer> keep = new TreeSet<>();
        for (int i = 0; i < list.size() && keep.size() < STRIP_FRAMES / 2; i++) {
            if (list.get(i).matched()) {
                keep.add(i);
            }
        }
        int room = STRIP_FRAMES - keep.size();
        for (int k = 0; k < room; k++) {
            int i = (int) ((long) k * (list.size() - 1) / Math.max(1, room - 1));
            keep.add(i);
        }
        return keep.stream().limit(STRIP_FRAMES).map(list::get).toList();
    }

    /** The vPDQ frames of each media item as the subject's last content event listed them (empty when none). */
    private static List<List<VpdqFeature>> hashedFrames(Handle h, Json json, String subjectId) {
        Optional<String> media = h.createQuery("SELECT media FROM subject_content WHERE subject_id = :s")
                .bind("s", subjectId)
                .map((rs, ctx) -> rs.getString("media"))
                .findOne();
        if (media.isEmpty() || media.get() == null) {
            return List.of();
        }
        try {
            List<List<VpdqFeature>> out = new ArrayList<>();
            for (Map<String, Object> m : json.read(media.get(), MEDIA)) {
                List<VpdqFeature> frames = new ArrayList<>();
                if (m.get("vpdq") instanceof List<?> lines) {
                    for (Object line : lines) {
                        frames.add(VpdqFeature.parse(String.valueOf(line)));
                    }
                }
                out.add(frames);
            }
            return out;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            // an unreadable copy shows the matched frames alone
            return List.of();
        }
    }

    /** A query frame that matched, with its distance and the banked frame's time. */
    private static FrameStrip.Frame matched(Pair p) {
        return new FrameStrip.Frame(
                p.queryFrame(), p.querySeconds(), true, Optional.of(p.distance()), Optional.of(p.bankSeconds()));
    }
}
