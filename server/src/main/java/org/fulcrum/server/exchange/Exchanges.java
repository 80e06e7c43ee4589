package org.fulcrum.server.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.detect.Bank;
import org.fulcrum.server.detect.Banks;
import org.fulcrum.server.detect.HashType;
import org.fulcrum.server.jobs.Job;
import org.fulcrum.server.keys.Ed25519;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
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
    /** Batches one exchange's pull reads at most, so one large feed does not hold the job. */
    static final int MAX_BATCHES_PER_PULL = 40;

    private final Database db;
    private final Banks banks;
    private final Clock clock;
    private final Json json;
    private final Duration pollEvery;
    private final FeedClient feeds;
    private final SharedHashes shared;

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
        this.clock = clock;
        this.feeds = new FeedClient(sealer, json);
        this.shared = new SharedHashes(db, banks);
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
            feedUrl = FeedClient.checkedUrl(feedUrl);
            remoteBank = remoteBank == null
                    ? Optional.empty()
                    : remoteBank.map(String::strip).filter(s -> !s.isEmpty());
            if (remoteBank.isEmpty()) {
                remoteBank = FeedClient.bankInPath(feedUrl);
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

    /** An enabled exchange as its pull reads it. */
    record ExchangeRow(
            String id,
            String name,
            String bankId,
            String feedUrl,
            String remoteBank,
            String publicKey,
            String token,
            long cursor) {}

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
                    .bind("token", spec.token().map(t -> feeds.seal(id, t)).orElse(null))
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
                String body = feeds.fetch(row, cursor);
                FeedBatch batch =
                        FeedBatch.parse(FeedSignature.verify(body, key, json), row.remoteBank(), cursor, json);
                SharedHashes.BatchApplied a = shared.apply(row, batch, cursor);
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
        shared.opinion(actor, o);
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
        return shared.provenance(bankId, type, hash);
    }
}
