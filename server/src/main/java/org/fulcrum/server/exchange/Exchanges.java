package org.fulcrum.server.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.detect.Bank;
import org.fulcrum.server.detect.BankHash;
import org.fulcrum.server.detect.Banks;
import org.fulcrum.server.detect.HashType;
import org.fulcrum.server.jobs.Job;
import org.fulcrum.server.keys.Ed25519;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local banks following other platforms' feeds. A singleton job pulls each enabled exchange's feed
 * past its stored cursor, verifies each batch against the pinned publisher key and applies it in
 * one transaction with the new cursor: hashes added (with their provenance), hashes removed (only
 * those this exchange brought), hashes this platform holds to be false positives left out. A batch
 * refused (a bad signature, another bank's or cursor's batch, malformed) writes nothing but the
 * exchange's last error.
 */
public final class Exchanges {
    private static final Logger LOG = LoggerFactory.getLogger(Exchanges.class);
    /** Entries asked for per batch. */
    static final int BATCH = 500;
    /** Batches one exchange's pull reads at most, so one large feed does not hold the job. */
    static final int MAX_BATCHES_PER_PULL = 40;
    /** Largest signed batch read. */
    static final int MAX_BATCH_BYTES = 32 << 20;

    private static final String TOKEN_SEALED_FOR = "exchange-token:";
    private static final String FALSE_POSITIVE = "false_positive";

    private final Database db;
    private final Banks banks;
    private final FeedKey.KeySealer sealer;
    private final Clock clock;
    private final Json json;
    private final HttpClient http;
    private final Duration pollEvery;

    /**
     * Exchanges on this store.
     *
     * @param pollEvery the time from the end of one pull of every exchange to the start of the next
     *     ({@code exchange.poll.seconds})
     */
    public Exchanges(Database db, Banks banks, FeedKey.KeySealer sealer, Clock clock, Json json, Duration pollEvery) {
        this.db = db;
        this.json = json;
        this.pollEvery = pollEvery;
        this.banks = banks;
        this.sealer = sealer;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * A feed to follow.
     *
     * @param name a unique name, at most 100 characters
     * @param bankId the local bank the feed's hashes go to
     * @param feedUrl the feed's URL (http or https), e.g. {@code https://other.example/v1/exchange/banks/NAME/feed}
     * @param remoteBank the publisher's bank name every batch must name; by default the path segment
     *     before {@code /feed}
     * @param publicKey the publisher's Ed25519 public key, base64 of its 32 bytes, pinned
     * @param token a bearer token for the feed, if it asks for one
     */
    public record ExchangeSpec(
            String name,
            String bankId,
            String feedUrl,
            Optional<String> remoteBank,
            String publicKey,
            Optional<String> token) {
        public ExchangeSpec {
            if (name == null || name.isBlank() || name.strip().length() > 100) {
                throw new InvalidInput("name", "is required, at most 100 characters");
            }
            name = name.strip();
            if (bankId == null || bankId.isBlank()) {
                throw new InvalidInput("bankId", "is required");
            }
            feedUrl = checkedUrl(feedUrl);
            remoteBank = remoteBank == null
                    ? Optional.empty()
                    : remoteBank.map(String::strip).filter(s -> !s.isEmpty());
            if (remoteBank.isEmpty()) {
                remoteBank = bankInPath(feedUrl);
                if (remoteBank.isEmpty()) {
                    throw new InvalidInput(
                            "remoteBank", "name the publisher's bank: the feed URL does not end in /banks/NAME/feed");
                }
            }
            try {
                Ed25519.parsePublicKey(publicKey);
            } catch (IllegalArgumentException e) {
                throw new InvalidInput(
                        "publicKey", "must be an Ed25519 public key, base64 of 32 bytes: " + e.getMessage());
            }
            token = token == null ? Optional.empty() : token.map(String::strip).filter(s -> !s.isEmpty());
            if (token.map(t -> t.length() > 1000 || !t.chars().allMatch(c -> c > 32 && c < 127))
                    .orElse(false)) {
                throw new InvalidInput("token", "must be printable ASCII without spaces, at most 1000 characters");
            }
        }
    }

    /**
     * An exchange as the console and the API show it.
     *
     * @param id its id
     * @param name its name
     * @param bankId the local bank it feeds
     * @param bankName that bank's name
     * @param feedUrl the feed's URL
     * @param remoteBank the publisher's bank
     * @param keyId the pinned key's id
     * @param cursor the feed cursor reached
     * @param enabled whether the job pulls it
     * @param lastSyncAt when a pull last succeeded
     * @param lastError the last pull's error, if it failed
     * @param lastErrorAt when
     * @param size hashes this exchange holds in the bank (false positives included)
     * @param falsePositives of those, how many this platform marked false positives
     * @param applied feed entries applied since it was made
     */
    public record ExchangeView(
            String id,
            String name,
            String bankId,
            String bankName,
            String feedUrl,
            String remoteBank,
            String keyId,
            long cursor,
            boolean enabled,
            Optional<Instant> lastSyncAt,
            Optional<String> lastError,
            Optional<Instant> lastErrorAt,
            long size,
            long falsePositives,
            long applied) {}

    /**
     * What one pull did.
     *
     * @param batches batches applied
     * @param added hashes added to the bank
     * @param removed hashes removed
     * @param heldBack hashes the feed added that stay out as false positives here
     * @param cursor the cursor reached
     * @param error why the pull stopped, if it failed
     */
    public record SyncResult(int batches, int added, int removed, int heldBack, long cursor, Optional<String> error) {}

    /**
     * This platform's opinion of a shared hash.
     *
     * @param bankId the local bank
     * @param hash the hash
     * @param type its type (by length when left out: MD5 or PDQ)
     * @param falsePositive true: a false positive here, it stops matching; false: withdraws that
     * @param reason why, for the audit trail
     */
    public record HashOpinion(
            String bankId, String hash, Optional<HashType> type, boolean falsePositive, Optional<String> reason) {
        public HashOpinion {
            if (bankId == null || bankId.isBlank()) {
                throw new InvalidInput("bankId", "is required");
            }
            type = type == null ? Optional.empty() : type;
            reason = reason == null
                    ? Optional.empty()
                    : reason.map(String::strip).filter(s -> !s.isEmpty());
            if (reason.map(String::length).orElse(0) > 500) {
                throw new InvalidInput("reason", "must be at most 500 characters");
            }
        }
    }

    private record ExchangeRow(
            String id,
            String name,
            String bankId,
            String feedUrl,
            String remoteBank,
            String publicKey,
            String token,
            long cursor) {}

    /** A hash an exchange shared into a bank, with what its feed said it is. */
    private record Shared(String exchangeId, Optional<String> label, Optional<String> source) {}

    public List<ExchangeView> list() {
        return db.read(h -> h.createQuery("""
                        SELECT x.id, x.name, x.bank_id, b.name AS bank_name, x.feed_url, x.remote_bank, x.public_key,
                               x.cursor, x.enabled, x.last_sync_at, x.last_error, x.last_error_at, x.applied,
                               (SELECT COUNT(*) FROM exchange_hash p WHERE p.exchange_id = x.id) AS size,
                               (SELECT COUNT(*) FROM exchange_hash p JOIN exchange_opinion o
                                  ON o.bank_id = p.bank_id AND o.type = p.type AND o.hash = p.hash
                                WHERE p.exchange_id = x.id) AS fps
                        FROM exchange x LEFT JOIN hash_bank b ON b.id = x.bank_id ORDER BY x.name""")
                .map((rs, ctx) -> new ExchangeView(
                        rs.getString("id"),
                        rs.getString("name"),
                        rs.getString("bank_id"),
                        Optional.ofNullable(rs.getString("bank_name")).orElse("(deleted)"),
                        rs.getString("feed_url"),
                        rs.getString("remote_bank"),
                        FeedKey.keyIdOf(Base64.getDecoder().decode(rs.getString("public_key"))),
                        rs.getLong("cursor"),
                        rs.getInt("enabled") == 1,
                        Columns.optionalInstant(rs, "last_sync_at"),
                        Columns.optionalString(rs, "last_error"),
                        Columns.optionalInstant(rs, "last_error_at"),
                        rs.getLong("size"),
                        rs.getLong("fps"),
                        rs.getLong("applied")))
                .list());
    }

    public ExchangeView find(String id) {
        return list().stream()
                .filter(x -> x.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new FulcrumException.NotFound("exchange " + id));
    }

    /** Follows a feed into a local bank. */
    public ExchangeView create(String actor, ExchangeSpec spec) {
        Bank bank = banks.find(spec.bankId());
        String id = Ids.next("exch", clock);
        byte[] key = Ed25519.parsePublicKey(spec.publicKey());
        db.write(tx -> {
            boolean taken = tx.handle()
                            .createQuery("SELECT COUNT(*) FROM exchange WHERE name = :n")
                            .bind("n", spec.name())
                            .mapTo(Integer.class)
                            .one()
                    > 0;
            if (taken) {
                throw new FulcrumException.Conflict("an exchange named '" + spec.name() + "' already exists");
            }
            tx.handle()
                    .createUpdate("""
                    INSERT INTO exchange (id, name, bank_id, feed_url, remote_bank, public_key, sealed_token, cursor, enabled,
                                          applied, created_by, created_at)
                    VALUES (:id, :name, :bank, :url, :remote, :key, :token, 0, 1, 0, :by, :now)""")
                    .bind("id", id)
                    .bind("name", spec.name())
                    .bind("bank", bank.id())
                    .bind("url", spec.feedUrl())
                    .bind("remote", spec.remoteBank().orElseThrow())
                    .bind("key", Base64.getEncoder().encodeToString(key))
                    .bind("token", spec.token().map(t -> seal(id, t)).orElse(null))
                    .bind("by", actor)
                    .bind("now", tx.now().toEpochMilli())
                    .execute();
            Audit.record(
                    tx,
                    actor,
                    "exchange.create",
                    "exchange:" + id,
                    null,
                    spec.name() + ": " + spec.feedUrl() + " into bank " + bank.name() + ", key "
                            + FeedKey.keyIdOf(key));
            return null;
        });
        return find(id);
    }

    /** Stops following; the hashes it brought stay in the bank, without their provenance. */
    public void delete(String actor, String id) {
        ExchangeView x = find(id);
        db.write(tx -> {
            tx.handle()
                    .createUpdate("DELETE FROM exchange_hash WHERE exchange_id = :id")
                    .bind("id", id)
                    .execute();
            tx.handle()
                    .createUpdate("DELETE FROM exchange WHERE id = :id")
                    .bind("id", id)
                    .execute();
            Audit.record(tx, actor, "exchange.delete", "exchange:" + id, null, x.name());
            return null;
        });
    }

    /** The job pulling every enabled exchange. */
    public Job job() {
        return Job.singleton("exchange.poll", pollEvery, this::syncAll);
    }

    /** Pulls every enabled exchange once. */
    public void syncAll() {
        for (ExchangeRow row : rows()) {
            try {
                sync(row);
            } catch (RuntimeException e) {
                LOG.atWarn().setCause(e).addKeyValue("exchange", row.name()).log("exchange pull failed");
            }
        }
    }

    /** Pulls one exchange now. */
    public SyncResult sync(String id) {
        find(id);
        return sync(rows().stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new FulcrumException.Conflict("exchange " + id + " is switched off")));
    }

    private List<ExchangeRow> rows() {
        return db.read(h -> h.createQuery("""
                        SELECT id, name, bank_id, feed_url, remote_bank, public_key, sealed_token, cursor FROM exchange
                        WHERE enabled = 1 ORDER BY name""")
                .map((rs, ctx) -> new ExchangeRow(
                        rs.getString("id"),
                        rs.getString("name"),
                        rs.getString("bank_id"),
                        rs.getString("feed_url"),
                        rs.getString("remote_bank"),
                        rs.getString("public_key"),
                        rs.getString("sealed_token"),
                        rs.getLong("cursor")))
                .list());
    }

    private SyncResult sync(ExchangeRow row) {
        int batches = 0;
        int added = 0;
        int removed = 0;
        int held = 0;
        long cursor = row.cursor();
        byte[] key = Base64.getDecoder().decode(row.publicKey());
        try {
            for (int i = 0; i < MAX_BATCHES_PER_PULL; i++) {
                String body = fetch(row, cursor);
                ParsedBatch batch = parse(FeedSignature.verify(body, key, json), row.remoteBank(), cursor);
                BatchApplied a = apply(row, batch, cursor);
                batches++;
                added += a.added();
                removed += a.removed();
                held += a.held();
                cursor = batch.next();
                if (!batch.more()) {
                    break;
                }
            }
            return new SyncResult(batches, added, removed, held, cursor, Optional.empty());
        } catch (FeedSignature.BatchRefused e) {
            failed(row, e.getMessage());
            return new SyncResult(batches, added, removed, held, cursor, Optional.of(e.getMessage()));
        }
    }

    private String fetch(ExchangeRow row, long cursor) throws FeedSignature.BatchRefused {
        String url = row.feedUrl() + (row.feedUrl().contains("?") ? "&" : "?") + "cursor=" + cursor + "&limit=" + BATCH;
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .GET();
        if (row.token() != null) {
            req.header("Authorization", "Bearer " + open(row.id(), row.token()));
        }
        try {
            HttpResponse<InputStream> res = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = res.body()) {
                byte[] bytes = in.readNBytes(MAX_BATCH_BYTES + 1);
                if (bytes.length > MAX_BATCH_BYTES) {
                    throw new FeedSignature.BatchRefused(
                            "the batch is larger than " + (MAX_BATCH_BYTES >> 20) + " MiB");
                }
                String text = new String(bytes, StandardCharsets.UTF_8);
                if (res.statusCode() != 200) {
                    throw new FeedSignature.BatchRefused(
                            "the publisher answered " + res.statusCode() + problemTitle(text));
                }
                return text;
            }
        } catch (IOException e) {
            throw new FeedSignature.BatchRefused(FetchErrors.inWords(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedSignature.BatchRefused("interrupted");
        }
    }

    private String problemTitle(String body) {
        try {
            JsonNode n = json.tree(body);
            if (n != null && n.path("title").isTextual()) {
                String t = n.path("title").asText();
                return ": " + (t.length() > 200 ? t.substring(0, 200) : t);
            }
        } catch (IOException | RuntimeException e) {
            // not a problem document
        }
        return "";
    }

    private record ParsedBatch(long next, boolean more, List<FeedChange> changes) {}

    private record FeedChange(String op, BankHash hash) {}

    /** The batch's payload read strictly: it must be the batch asked for, of the pinned bank. */
    private ParsedBatch parse(byte[] payload, String remoteBank, long cursor) throws FeedSignature.BatchRefused {
        JsonNode n;
        try {
            n = json.mapper().readTree(payload);
        } catch (IOException e) {
            throw new FeedSignature.BatchRefused("the signed payload is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new FeedSignature.BatchRefused("the signed payload is not a JSON object");
        }
        if (!Publications.FORMAT.equals(n.path("format").asText())) {
            throw new FeedSignature.BatchRefused("the batch's format is not " + Publications.FORMAT);
        }
        if (!remoteBank.equals(n.path("bank").asText())) {
            throw new FeedSignature.BatchRefused(
                    "the batch is of bank '" + clip(n.path("bank").asText()) + "', not of '" + remoteBank + "'");
        }
        if (!n.path("cursor").canConvertToLong() || n.path("cursor").asLong() != cursor) {
            throw new FeedSignature.BatchRefused("the batch does not start at cursor " + cursor);
        }
        if (!n.path("next").canConvertToLong()
                || !n.path("more").isBoolean()
                || !n.path("entries").isArray()) {
            throw new FeedSignature.BatchRefused("the batch lacks next, more or entries");
        }
        long next = n.path("next").asLong();
        JsonNode entries = n.path("entries");
        if (entries.size() > Publications.MAX_LIMIT * 10) {
            throw new FeedSignature.BatchRefused("the batch holds too many entries");
        }
        List<FeedChange> changes = new ArrayList<>();
        long last = cursor;
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            long seq = e.path("seq").asLong(-1);
            if (seq <= last || seq > next) {
                throw new FeedSignature.BatchRefused("entry " + i + " is out of order (seq " + seq + ")");
            }
            last = seq;
            String op = e.path("op").asText();
            if (!op.equals("add") && !op.equals("remove")) {
                throw new FeedSignature.BatchRefused("entry " + i + " has op '" + clip(op) + "'");
            }
            try {
                HashType type = HashType.parse("type", e.path("type").asText(null));
                Optional<List<String>> frames = Optional.empty();
                if (e.path("frames").isArray() && op.equals("add")) {
                    List<String> lines = new ArrayList<>();
                    e.path("frames").forEach(f -> lines.add(f.asText()));
                    frames = Optional.of(lines);
                }
                BankHash h = new BankHash(
                        type == HashType.vpdq && frames.isPresent()
                                ? null
                                : e.path("hash").asText(null),
                        Optional.of(type),
                        text(e, "label"),
                        text(e, "source"),
                        frames);
                if (type == HashType.vpdq
                        && frames.isPresent()
                        && !h.hash().equals(e.path("hash").asText())) {
                    throw new FeedSignature.BatchRefused("entry " + i + ": the video's hash is not that of its frames");
                }
                changes.add(new FeedChange(op, h));
            } catch (InvalidInput bad) {
                throw new FeedSignature.BatchRefused("entry " + i + ": " + bad.field() + " " + bad.getMessage());
            }
        }
        if (entries.isEmpty() && next != cursor) {
            throw new FeedSignature.BatchRefused("an empty batch moves the cursor");
        }
        return new ParsedBatch(next, n.path("more").asBoolean(), changes);
    }

    private static Optional<String> text(JsonNode e, String field) {
        JsonNode v = e.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            return Optional.empty();
        }
        String s = v.asText().replace('\n', ' ').replace('\r', ' ').strip();
        return Optional.of(s.length() > 200 ? s.substring(0, 200) : s);
    }

    private record BatchApplied(int added, int removed, int held) {}

    /** Applies one verified batch and its cursor in one transaction; waits until it is in effect here. */
    private BatchApplied apply(ExchangeRow row, ParsedBatch batch, long from) {
        Bank bank = banks.find(row.bankId());
        // The net effect per hash: the last entry for it wins.
        Map<String, FeedChange> net = new LinkedHashMap<>();
        for (FeedChange c : batch.changes()) {
            net.remove(c.hash().key());
            net.put(c.hash().key(), c);
        }
        String actor = "exchange:" + row.id();
        String how = "exchange " + row.name();
        CompletableFuture<Void> inEffect = new CompletableFuture<>();
        BatchApplied result = db.write(tx -> {
            long stored = tx.handle()
                    .createQuery("SELECT cursor FROM exchange WHERE id = :id")
                    .bind("id", row.id())
                    .mapTo(Long.class)
                    .findOne()
                    .orElse(-1L);
            if (stored != from) {
                throw new FulcrumException.Conflict("another pull of exchange " + row.name() + " moved its cursor");
            }
            List<BankHash> adds = new ArrayList<>();
            List<BankHash> removes = new ArrayList<>();
            int held = 0;
            long now = tx.now().toEpochMilli();
            for (FeedChange c : net.values()) {
                BankHash h = c.hash();
                String type = h.hashType().name();
                if (c.op().equals("add")) {
                    if (!bank.signal().holds(h.hashType())
                            || (h.hashType() == HashType.vpdq && h.frames().isEmpty())) {
                        continue;
                    }
                    Optional<String> by = provenance(tx, bank.id(), type, h.hash());
                    boolean local = by.isEmpty() && present(tx, bank.id(), type, h.hash());
                    if (by.isPresent() && !by.get().equals(row.id()) || local) {
                        continue; // the bank holds it already, by another exchange or locally
                    }
                    tx.handle()
                            .createUpdate("""
                            INSERT INTO exchange_hash (bank_id, type, hash, exchange_id, label, source, received_at)
                            VALUES (:b, :t, :h, :x, :label, :source, :now)
                            ON CONFLICT (bank_id, type, hash) DO UPDATE SET label = excluded.label,
                                   source = excluded.source, received_at = excluded.received_at""")
                            .bind("b", bank.id())
                            .bind("t", type)
                            .bind("h", h.hash())
                            .bind("x", row.id())
                            .bind("label", h.label().orElse(null))
                            .bind("source", h.source().orElse(null))
                            .bind("now", now)
                            .execute();
                    if (falsePositive(tx, bank.id(), type, h.hash())) {
                        held++;
                    } else {
                        adds.add(h);
                    }
                } else {
                    int gone = tx.handle()
                            .createUpdate("""
                            DELETE FROM exchange_hash WHERE bank_id = :b AND type = :t AND hash = :h AND exchange_id = :x""")
                            .bind("b", bank.id())
                            .bind("t", type)
                            .bind("h", h.hash())
                            .bind("x", row.id())
                            .execute();
                    if (gone > 0) {
                        removes.add(h);
                    }
                }
            }
            int added = adds.isEmpty()
                    ? 0
                    : banks.add(tx, actor, bank.id(), adds, how).changed();
            int removed = removes.isEmpty()
                    ? 0
                    : banks.remove(tx, actor, bank.id(), removes, "removed by the publisher of " + how)
                            .changed();
            tx.handle()
                    .createUpdate("""
                    UPDATE exchange SET cursor = :c, last_sync_at = :now, last_error = NULL, last_error_at = NULL,
                           applied = applied + :n WHERE id = :id""")
                    .bind("c", batch.next())
                    .bind("now", now)
                    .bind("n", batch.changes().size())
                    .bind("id", row.id())
                    .execute();
            tx.afterCommit(() -> inEffect.complete(null));
            return new BatchApplied(added, removed, held);
        });
        try {
            inEffect.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new FulcrumException.Unavailable("the batch is stored but not yet in effect on this node");
        }
        return result;
    }

    private void failed(ExchangeRow row, String error) {
        LOG.atWarn()
                .addKeyValue("exchange", row.name())
                .addKeyValue("error", error)
                .log("exchange batch refused");
        db.write(tx -> tx.handle()
                .createUpdate("UPDATE exchange SET last_error = :e, last_error_at = :now WHERE id = :id")
                .bind("e", error.length() > 1000 ? error.substring(0, 1000) : error)
                .bind("now", tx.now().toEpochMilli())
                .bind("id", row.id())
                .execute());
    }

    /**
     * Records or withdraws this platform's opinion that a shared hash is a false positive. Marked, it
     * leaves the local bank (the publisher's stays as it is) and later batches do not bring it back;
     * withdrawn, it returns to the bank if its exchange still shares it.
     */
    public void opinion(String actor, HashOpinion o) {
        Bank bank = banks.find(o.bankId());
        BankHash h = new BankHash(o.hash(), o.type(), Optional.empty(), Optional.empty());
        String type = h.hashType().name();
        CompletableFuture<Void> inEffect = new CompletableFuture<>();
        db.write(tx -> {
            Optional<Shared> shared = tx.handle()
                    .createQuery("""
                            SELECT exchange_id, label, source FROM exchange_hash WHERE bank_id = :b AND type = :t AND hash = :h""")
                    .bind("b", bank.id())
                    .bind("t", type)
                    .bind("h", h.hash())
                    .map((rs, ctx) -> new Shared(
                            rs.getString("exchange_id"),
                            Columns.optionalString(rs, "label"),
                            Columns.optionalString(rs, "source")))
                    .findOne();
            if (shared.isEmpty()) {
                throw new FulcrumException.NotFound("shared hash " + h.key() + " in bank " + bank.name());
            }
            boolean marked = falsePositive(tx, bank.id(), type, h.hash());
            if (o.falsePositive() && !marked) {
                tx.handle()
                        .createUpdate("""
                        INSERT INTO exchange_opinion (bank_id, type, hash, opinion, reason, created_by, created_at)
                        VALUES (:b, :t, :h, :o, :r, :by, :now)""")
                        .bind("b", bank.id())
                        .bind("t", type)
                        .bind("h", h.hash())
                        .bind("o", FALSE_POSITIVE)
                        .bind("r", o.reason().orElse(null))
                        .bind("by", actor)
                        .bind("now", tx.now().toEpochMilli())
                        .execute();
                banks.remove(
                        tx,
                        actor,
                        bank.id(),
                        List.of(h),
                        "false positive here: " + o.reason().orElse("no reason given"));
                Audit.record(
                        tx,
                        actor,
                        "exchange.opinion",
                        "bank:" + bank.id(),
                        o.reason().orElse(null),
                        "false positive " + h.key());
            } else if (!o.falsePositive() && marked) {
                tx.handle()
                        .createUpdate("DELETE FROM exchange_opinion WHERE bank_id = :b AND type = :t AND hash = :h")
                        .bind("b", bank.id())
                        .bind("t", type)
                        .bind("h", h.hash())
                        .execute();
                if (h.hashType() != HashType.vpdq) {
                    banks.add(
                            tx,
                            "exchange:" + shared.get().exchangeId(),
                            bank.id(),
                            List.of(new BankHash(
                                    h.hash(),
                                    Optional.of(h.hashType()),
                                    shared.get().label(),
                                    shared.get().source())),
                            "false positive opinion withdrawn");
                }
                Audit.record(
                        tx,
                        actor,
                        "exchange.opinion",
                        "bank:" + bank.id(),
                        o.reason().orElse(null),
                        "withdrawn " + h.key());
            }
            tx.afterCommit(() -> inEffect.complete(null));
            return null;
        });
        try {
            inEffect.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new FulcrumException.Unavailable("the opinion is stored but not yet in effect on this node");
        }
    }

    /**
     * Where a banked hash came from.
     *
     * @param exchangeId the exchange
     * @param exchangeName its name
     * @param receivedAt when its feed last said it
     * @param falsePositive whether this platform marked it a false positive
     */
    public record HashProvenance(String exchangeId, String exchangeName, Instant receivedAt, boolean falsePositive) {}

    public Optional<HashProvenance> provenance(String bankId, HashType type, String hash) {
        return db.read(h -> h.createQuery("""
                        SELECT p.exchange_id, x.name, p.received_at,
                               (SELECT COUNT(*) FROM exchange_opinion o WHERE o.bank_id = p.bank_id AND o.type = p.type
                                  AND o.hash = p.hash) AS fp
                        FROM exchange_hash p JOIN exchange x ON x.id = p.exchange_id
                        WHERE p.bank_id = :b AND p.type = :t AND p.hash = :h""")
                .bind("b", bankId)
                .bind("t", type.name())
                .bind("h", hash)
                .map((rs, ctx) -> new HashProvenance(
                        rs.getString("exchange_id"),
                        rs.getString("name"),
                        Instant.ofEpochMilli(rs.getLong("received_at")),
                        rs.getLong("fp") > 0))
                .findOne());
    }

    private static Optional<String> provenance(Tx tx, String bankId, String type, String hash) {
        return tx.handle()
                .createQuery("SELECT exchange_id FROM exchange_hash WHERE bank_id = :b AND type = :t AND hash = :h")
                .bind("b", bankId)
                .bind("t", type)
                .bind("h", hash)
                .mapTo(String.class)
                .findOne();
    }

    private static boolean present(Tx tx, String bankId, String type, String hash) {
        return tx.handle()
                        .createQuery("SELECT COUNT(*) FROM bank_hash WHERE bank_id = :b AND type = :t AND hash = :h")
                        .bind("b", bankId)
                        .bind("t", type)
                        .bind("h", hash)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    private static boolean falsePositive(Tx tx, String bankId, String type, String hash) {
        return tx.handle()
                        .createQuery(
                                "SELECT COUNT(*) FROM exchange_opinion WHERE bank_id = :b AND type = :t AND hash = :h")
                        .bind("b", bankId)
                        .bind("t", type)
                        .bind("h", hash)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    private String seal(String exchangeId, String token) {
        return Base64.getEncoder()
                .encodeToString(sealer.seal(token.getBytes(StandardCharsets.UTF_8), TOKEN_SEALED_FOR + exchangeId));
    }

    private String open(String exchangeId, String sealed) throws FeedSignature.BatchRefused {
        return sealer.open(Base64.getDecoder().decode(sealed), TOKEN_SEALED_FOR + exchangeId)
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .orElseThrow(
                        () -> new FeedSignature.BatchRefused("the exchange's token cannot be opened on this node"));
    }

    static String checkedUrl(String url) {
        if (url == null || url.isBlank() || url.length() > 2000) {
            throw new InvalidInput("feedUrl", "is required, at most 2000 characters");
        }
        try {
            URI u = new URI(url.strip());
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new InvalidInput("feedUrl", "must be an absolute http or https URL");
            }
            if (u.getRawFragment() != null || u.getRawUserInfo() != null) {
                throw new InvalidInput("feedUrl", "must have no fragment and no user information");
            }
            return u.toString();
        } catch (URISyntaxException e) {
            throw new InvalidInput("feedUrl", "is not a URL: " + e.getReason());
        }
    }

    private static Optional<String> bankInPath(String url) {
        String path = URI.create(url).getPath();
        String[] parts = path == null ? new String[0] : path.split("/");
        int n = parts.length;
        if (n >= 3 && parts[n - 1].equals("feed") && parts[n - 3].equals("banks") && !parts[n - 2].isEmpty()) {
            return Optional.of(java.net.URLDecoder.decode(parts[n - 2], StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
