package org.fulcrum.server.exchange;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.detect.Bank;
import org.fulcrum.server.detect.Banks;
import org.fulcrum.server.jobs.Job;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Published banks and their feeds. Publishing a bank the first time writes a snapshot of its
 * hashes as feed entries, taken under the bank change sequence's lock so it reflects exactly the
 * changes up to a known position; from then on a singleton job copies the bank's changes past that
 * position from the bank change sequence into the feed, within a second. A follower reads the
 * entries past its cursor, signed by the {@link FeedKey}.
 */
public final class Publications {
    private static final Logger LOG = LoggerFactory.getLogger(Publications.class);
    /** The feed format a batch names. */
    public static final String FORMAT = "fulcrum.exchange.v1";
    /** Most entries one batch holds. */
    public static final int MAX_LIMIT = 1000;

    private static final int COPY_ROWS = 2000;

    private final Database db;
    private final Json json;
    private final Banks banks;
    private final FeedKey key;

    public Publications(Database db, Banks banks, FeedKey key, Json json) {
        this.json = json;
        this.db = db;
        this.banks = banks;
        this.key = key;
    }

    /**
     * Whether a bank serves its feed.
     *
     * @param bankId the bank
     * @param bankName its name (the feed's path)
     * @param published whether its feed is served
     * @param entries feed entries written for it so far
     */
    public record BankPublication(String bankId, String bankName, boolean published, long entries) {}

    /**
     * One entry of a feed.
     *
     * @param seq its number in the feed (cursors count these)
     * @param op add or remove
     * @param type the hash type
     * @param hash the hash
     * @param label what the publisher says it is
     * @param source where the publisher had it from
     * @param frames for a vPDQ hash added, its frames in the reference's line form
     */
    public record FeedEntry(
            long seq,
            String op,
            String type,
            String hash,
            Optional<String> label,
            Optional<String> source,
            Optional<List<String>> frames) {}

    /**
     * A batch of a feed, the payload the publisher signs.
     *
     * @param format {@value #FORMAT}
     * @param bank the published bank's name
     * @param cursor the cursor asked for: every entry is numbered above it
     * @param next the cursor to ask with next
     * @param more whether entries past {@code next} are waiting
     * @param entries the entries, in order
     */
    public record FeedBatch(
            String format, String bank, long cursor, long next, boolean more, List<FeedEntry> entries) {}

    /** Every bank, with whether it is published. */
    public List<BankPublication> list() {
        return db.read(h -> h.createQuery("""
                        SELECT b.id, b.name, COALESCE(p.published, 0) AS published,
                               (SELECT COUNT(*) FROM exchange_feed_entry e WHERE e.bank_id = b.id) AS entries
                        FROM hash_bank b LEFT JOIN bank_publication p ON p.bank_id = b.id ORDER BY b.name""")
                .map((rs, ctx) -> new BankPublication(
                        rs.getString("id"), rs.getString("name"), rs.getInt("published") == 1, rs.getLong("entries")))
                .list());
    }

    /** Switches a bank's feed on or off; the first switch on writes the bank's snapshot. */
    public BankPublication publish(String actor, String bankId, boolean on) {
        Bank bank = banks.find(bankId);
        db.write(tx -> {
            Banks.find(tx.handle(), bankId).orElseThrow(() -> new FulcrumException.NotFound("bank " + bankId));
            Optional<Integer> existing = tx.handle()
                    .createQuery("SELECT published FROM bank_publication WHERE bank_id = :b")
                    .bind("b", bankId)
                    .mapTo(Integer.class)
                    .findOne();
            long now = tx.now().toEpochMilli();
            if (existing.isPresent()) {
                tx.handle()
                        .createUpdate("""
                        UPDATE bank_publication SET published = :p, changed_by = :by, changed_at = :now
                        WHERE bank_id = :b""")
                        .bind("p", on ? 1 : 0)
                        .bind("by", actor)
                        .bind("now", now)
                        .bind("b", bankId)
                        .execute();
            } else if (on) {
                // Holding the change sequence's row lock: no change to any bank commits until this
                // does, so the snapshot below is the bank exactly as of change `position`.
                long position = tx.handle()
                        .createQuery("UPDATE bank_change_counter SET last = last WHERE id = 1 RETURNING last")
                        .mapTo(Long.class)
                        .one();
                List<FeedEntry> snapshot = tx.handle()
                        .createQuery("""
                                SELECT type, hash, label, source FROM bank_hash WHERE bank_id = :b ORDER BY type, hash""")
                        .bind("b", bankId)
                        .map((rs, ctx) -> new FeedEntry(
                                0,
                                "add",
                                rs.getString("type"),
                                rs.getString("hash"),
                                Columns.optionalString(rs, "label"),
                                Columns.optionalString(rs, "source"),
                                Optional.empty()))
                        .list();
                write(tx, bankId, snapshot);
                tx.handle()
                        .createUpdate("""
                        INSERT INTO bank_publication (bank_id, published, from_change, changed_by, changed_at)
                        VALUES (:b, 1, :from, :by, :now)""")
                        .bind("b", bankId)
                        .bind("from", position)
                        .bind("by", actor)
                        .bind("now", now)
                        .execute();
            }
            Audit.record(
                    tx,
                    actor,
                    on ? "bank.publish" : "bank.unpublish",
                    "bank:" + bankId,
                    null,
                    bank.name() + (on ? ": feed served" : ": feed no longer served"));
            return null;
        });
        return list().stream()
                .filter(p -> p.bankId().equals(bankId))
                .findFirst()
                .orElseThrow();
    }

    /** The job copying bank changes into the feeds of published banks. */
    public Job job() {
        return Job.singleton("exchange.publish", Duration.ofSeconds(1), () -> {})
                .whileMore(this::copyChanges);
    }

    /** Copies the next bank changes of published banks into their feeds; true if more are waiting. */
    boolean copyChanges() {
        return db.write(tx -> {
            long from = tx.handle()
                    .createQuery("SELECT change_seq FROM exchange_feed_counter WHERE id = 1")
                    .mapTo(Long.class)
                    .one();
            Map<String, Long> published = new HashMap<>();
            tx.handle()
                    .createQuery("SELECT bank_id, from_change FROM bank_publication")
                    .map((rs, ctx) -> Map.entry(rs.getString("bank_id"), rs.getLong("from_change")))
                    .forEach(e -> published.put(e.getKey(), e.getValue()));
            List<Change> rows = tx.handle()
                    .createQuery("""
                            SELECT seq, bank_id, op, type, hash FROM bank_change WHERE seq > :from ORDER BY seq LIMIT :n""")
                    .bind("from", from)
                    .bind("n", COPY_ROWS)
                    .map((rs, ctx) -> new Change(
                            rs.getLong("seq"),
                            rs.getString("bank_id"),
                            rs.getString("op"),
                            rs.getString("type"),
                            rs.getString("hash")))
                    .list();
            if (rows.isEmpty()) {
                return false;
            }
            long first = rows.getFirst().seq();
            if (from > 0 && first > from + 1) {
                LOG.atWarn()
                        .addKeyValue("from", from)
                        .addKeyValue("first", first)
                        .log("bank changes were pruned before they reached the published feeds");
            }
            Map<String, List<FeedEntry>> byBank = new java.util.LinkedHashMap<>();
            for (Change r : rows) {
                String bankId = r.bankId();
                String op = r.op();
                Long since = published.get(bankId);
                if (since == null || r.seq() <= since || !(op.equals("add") || op.equals("remove"))) {
                    continue;
                }
                Optional<String[]> said = op.equals("add") ? said(tx, bankId, r.type(), r.hash()) : Optional.empty();
                byBank.computeIfAbsent(bankId, b -> new ArrayList<>())
                        .add(new FeedEntry(
                                0, op, r.type(), r.hash(), said.map(s -> s[0]), said.map(s -> s[1]), Optional.empty()));
            }
            for (Map.Entry<String, List<FeedEntry>> e : byBank.entrySet()) {
                write(tx, e.getKey(), e.getValue());
            }
            tx.handle()
                    .createUpdate("UPDATE exchange_feed_counter SET change_seq = :s WHERE id = 1")
                    .bind("s", rows.getLast().seq())
                    .execute();
            return rows.size() == COPY_ROWS;
        });
    }

    /** One row of the bank change sequence. */
    private record Change(long seq, String bankId, String op, String type, String hash) {}

    private static Optional<String[]> said(Tx tx, String bankId, String type, String hash) {
        return tx.handle()
                .createQuery("SELECT label, source FROM bank_hash WHERE bank_id = :b AND type = :t AND hash = :h")
                .bind("b", bankId)
                .bind("t", type)
                .bind("h", hash)
                .map((rs, ctx) -> {
                    String label = rs.getString("label");
                    String source = rs.getString("source");
                    return new String[] {label, source};
                })
                .findOne()
                .map(s -> s);
    }

    /** Writes entries in order, numbered from the feed sequence (whose row lock orders the writers). */
    private static void write(Tx tx, String bankId, List<FeedEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        long last = tx.handle()
                .createQuery("UPDATE exchange_feed_counter SET last = last + :n WHERE id = 1 RETURNING last")
                .bind("n", entries.size())
                .mapTo(Long.class)
                .one();
        long seq = last - entries.size() + 1;
        PreparedBatch batch = tx.handle().prepareBatch("""
                INSERT INTO exchange_feed_entry (seq, bank_id, op, type, hash, label, source, created_at)
                VALUES (:seq, :bank, :op, :type, :hash, :label, :source, :now)""");
        long now = tx.now().toEpochMilli();
        for (FeedEntry e : entries) {
            batch.bind("seq", seq++)
                    .bind("bank", bankId)
                    .bind("op", e.op())
                    .bind("type", e.type())
                    .bind("hash", e.hash())
                    .bind("label", e.label().orElse(null))
                    .bind("source", e.source().orElse(null))
                    .bind("now", now)
                    .add();
        }
        batch.execute();
    }

    /** The signed batch of a published bank's feed past {@code cursor}. */
    public FeedSignature.SignedBatch feed(String bankName, long cursor, int limit) {
        if (cursor < 0) {
            throw new FulcrumException.InvalidInput("cursor", "must be 0 or more");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new FulcrumException.InvalidInput("limit", "must be between 1 and " + MAX_LIMIT);
        }
        Bank bank = banks.byName(bankName)
                .orElseThrow(() -> new FulcrumException.NotFound("published bank '" + bankName + "'"));
        FeedBatch batch = db.read(h -> {
            boolean published = h.createQuery("SELECT published FROM bank_publication WHERE bank_id = :b")
                            .bind("b", bank.id())
                            .mapTo(Integer.class)
                            .findOne()
                            .orElse(0)
                    == 1;
            if (!published) {
                throw new FulcrumException.NotFound("published bank '" + bankName + "'");
            }
            List<FeedEntry> rows = h.createQuery("""
                            SELECT seq, op, type, hash, label, source FROM exchange_feed_entry
                            WHERE bank_id = :b AND seq > :c ORDER BY seq LIMIT :n""")
                    .bind("b", bank.id())
                    .bind("c", cursor)
                    .bind("n", limit + 1)
                    .map((rs, ctx) -> new FeedEntry(
                            rs.getLong("seq"),
                            rs.getString("op"),
                            rs.getString("type"),
                            rs.getString("hash"),
                            Columns.optionalString(rs, "label"),
                            Columns.optionalString(rs, "source"),
                            Optional.empty()))
                    .list();
            boolean more = rows.size() > limit;
            List<FeedEntry> page = new ArrayList<>(more ? rows.subList(0, limit) : rows);
            for (int i = 0; i < page.size(); i++) {
                FeedEntry e = page.get(i);
                if (e.op().equals("add") && e.type().equals("vpdq")) {
                    List<String> frames = h.createQuery("""
                                    SELECT frame, quality, hash, seconds FROM bank_video_frame
                                    WHERE bank_id = :b AND video = :v ORDER BY n""")
                            .bind("b", bank.id())
                            .bind("v", e.hash())
                            .map((rs, ctx) -> new org.fulcrum.vpdq.VpdqFeature(
                                            rs.getLong("frame"),
                                            rs.getInt("quality"),
                                            org.fulcrum.pdq.PdqHash.fromHex(rs.getString("hash")),
                                            rs.getDouble("seconds"))
                                    .toLine())
                            .list();
                    page.set(
                            i,
                            new FeedEntry(
                                    e.seq(),
                                    e.op(),
                                    e.type(),
                                    e.hash(),
                                    e.label(),
                                    e.source(),
                                    frames.isEmpty() ? Optional.empty() : Optional.of(frames)));
                }
            }
            long next = page.isEmpty() ? cursor : page.getLast().seq();
            return new FeedBatch(FORMAT, bank.name(), cursor, next, more, page);
        });
        return FeedSignature.sign(key, json.write(batch).getBytes(StandardCharsets.UTF_8), json);
    }
}
