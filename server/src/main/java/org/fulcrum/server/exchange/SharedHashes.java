package org.fulcrum.server.exchange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.detect.Bank;
import org.fulcrum.server.detect.BankHash;
import org.fulcrum.server.detect.Banks;
import org.fulcrum.server.detect.HashType;
import org.fulcrum.server.exchange.Exchanges.HashOpinion;
import org.fulcrum.server.exchange.Exchanges.HashProvenance;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;

/**
 * The hashes exchanges bring into local banks: a verified batch applied with its cursor in one
 * transaction (provenance in {@code exchange_hash}), this platform's false-positive opinions
 * ({@code exchange_opinion}, which later batches respect), and where a banked hash came from.
 * Both writes wait until the bank change is in effect on this node before they return.
 */
final class SharedHashes {
    private static final String FALSE_POSITIVE = "false_positive";

    private final Database db;
    private final Banks banks;

    SharedHashes(Database db, Banks banks) {
        this.db = db;
        this.banks = banks;
    }

    /** What one batch did to the bank. */
    record BatchApplied(int added, int removed, int held) {}

    /** A hash an exchange shared into a bank, with what its feed said it is. */
    private record Shared(String exchangeId, Optional<String> label, Optional<String> source) {}

    /** Applies one verified batch and its cursor in one transaction; waits until it is in effect here. */
    BatchApplied apply(Exchanges.ExchangeRow row, FeedBatch batch, long from) {
        Bank bank = banks.find(row.bankId());
        // The net effect per hash: the last entry for it wins.
        Map<String, FeedBatch.Change> net = new LinkedHashMap<>();
        for (FeedBatch.Change c : batch.changes()) {
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
            for (FeedBatch.Change c : net.values()) {
                BankHash h = c.hash();
                String type = h.hashType().name();
                if (c.added()) {
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
        await(inEffect, "the batch is stored but not yet in effect on this node");
        return result;
    }

    /**
     * Records or withdraws this platform's opinion that a shared hash is a false positive. Marked, it
     * leaves the local bank (the publisher's stays as it is) and later batches do not bring it back;
     * withdrawn, it returns to the bank if its exchange still shares it.
     */
    void opinion(String actor, HashOpinion o) {
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
        await(inEffect, "the opinion is stored but not yet in effect on this node");
    }

    Optional<HashProvenance> provenance(String bankId, HashType type, String hash) {
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

    private static void await(CompletableFuture<Void> inEffect, String otherwise) {
        try {
            inEffect.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new FulcrumException.Unavailable(otherwise);
        }
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
}
