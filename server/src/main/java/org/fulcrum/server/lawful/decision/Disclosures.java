package org.fulcrum.server.lawful.decision;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.disclosure.SealedPackage;
import org.fulcrum.server.lawful.registry.Authorities;
import org.fulcrum.server.lawful.request.DataAsked;
import org.fulcrum.server.lawful.request.LawfulLog;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.lawful.request.Submission;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.policy.Evaluation;
import org.fulcrum.server.policy.Measure;
import org.fulcrum.server.policy.MeasureKind;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Disclosures of personal data: opened when policy allows one, executed only after two distinct
 * legal staff approve, assembled from what exists and what policy allows (minimised to the
 * categories the decision kept, within the date range asked), and sealed to the requesting
 * officer's X25519 key. Never E2E content: the platform has none, and policy withholds it.
 */
public final class Disclosures {
    public static final int APPROVERS = 2;

    private final LawfulLog log;
    private final Json json;

    public Disclosures(LawfulLog log, Json json) {
        this.json = json;
        this.log = log;
    }

    /** A disclosure as staff see it. */
    public record Disclosure(
            String id,
            String requestId,
            List<String> accounts,
            List<String> categories,
            String status,
            Instant createdAt,
            Optional<Instant> executedAt,
            Optional<String> recipientKey) {}

    /** Opens a disclosure for the measures, superseding a pending one with different content. */
    void open(Tx tx, LawfulRequest r, List<Measure> measures) {
        List<String> accounts = measures.stream().map(Measure::target).toList();
        Set<String> categories = new LinkedHashSet<>();
        measures.forEach(m -> categories.addAll(m.categories()));
        Optional<Disclosure> pending = pending(tx.handle(), r.id());
        if (pending.isPresent()
                && pending.get().accounts().equals(accounts)
                && pending.get().categories().equals(List.copyOf(categories))) {
            return;
        }
        pending.ifPresent(p -> {
            tx.handle()
                    .createUpdate("UPDATE disclosure SET status = 'superseded' WHERE id = :id")
                    .bind("id", p.id())
                    .execute();
            Approvals.clear(tx, "disclosure:" + p.id());
        });
        String id = Ids.next("dc", tx.clock());
        tx.handle()
                .createUpdate("""
                INSERT INTO disclosure (id, request_id, account_ids, categories, status, created_at)
                VALUES (:id, :r, :a, :c, 'pending', :at)""")
                .bind("id", id)
                .bind("r", r.id())
                .bind("a", String.join(",", accounts))
                .bind("c", String.join(",", categories))
                .bind("at", tx.now().toEpochMilli())
                .execute();
        Audit.record(tx, "policy", "disclosure.open", "request:" + r.id(), null, id + " " + categories);
    }

    /** The outcome of one approval. */
    public record Approval(String disclosureId, int approvers, boolean executed) {}

    public Approval approve(Tx tx, Principal.Staff staff, LawfulRequest r, Evaluation ev, String reason) {
        Disclosure d = pending(tx.handle(), r.id())
                .orElseThrow(() ->
                        new FulcrumException.Conflict("request " + r.id() + " has no disclosure waiting for approval"));
        Optional<String> blocked = ProcessGate.blocked(tx.handle(), r, ev, ProcessGate.Path.disclosure);
        if (blocked.isPresent()) {
            throw new FulcrumException.Conflict(blocked.get());
        }
        if (r.parties().enteredBy().map(e -> e.equals(staff.actor())).orElse(false)) {
            throw new FulcrumException.Forbidden(
                    "the staff member who entered a request may not approve its disclosure");
        }
        Authorities.OfficerKey key = r.parties()
                .officerId()
                .flatMap(o -> Authorities.encryptionKey(tx.handle(), o))
                .orElseThrow(() -> new FulcrumException.Conflict(
                        "the requesting officer has no encryption key on file; " + "register one before approving"));
        int approvers = Approvals.approve(
                tx, staff, "disclosure:" + d.id(), reason, ProcessGate.approvalsCountFrom(tx.handle(), r, ev));
        if (approvers < APPROVERS) {
            return new Approval(d.id(), approvers, false);
        }
        execute(tx, r, d, key);
        return new Approval(d.id(), approvers, true);
    }

    private void execute(Tx tx, LawfulRequest r, Disclosure d, Authorities.OfficerKey key) {
        Map<String, Object> pkg = new LinkedHashMap<>();
        pkg.put("format", "fulcrum-disclosure-v1");
        pkg.put("request", r.id());
        pkg.put("reference", r.reference());
        pkg.put("instrument", r.instrument().name());
        pkg.put("generatedAt", tx.now().toString());
        pkg.put("categories", d.categories());
        List<Object> accounts = new ArrayList<>();
        for (String account : d.accounts()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("account", account);
            for (String category : d.categories()) {
                entry.put(category, data(tx.handle(), r, account, category));
            }
            accounts.add(entry);
        }
        pkg.put("accounts", accounts);
        byte[] plaintext = json.write(pkg).getBytes(StandardCharsets.UTF_8);
        SealedPackage sealed = SealedPackage.seal(d.id(), Jwk.publicKey(Jwk.X25519, key.publicKey()), plaintext);
        tx.handle()
                .createUpdate("""
                UPDATE disclosure SET status = 'executed', executed_at = :at, recipient_key = :k, package = :p
                WHERE id = :id AND status = 'pending'""")
                .bind("at", tx.now().toEpochMilli())
                .bind("k", key.keyId())
                .bind("p", sealed.toJson(json))
                .bind("id", d.id())
                .execute();
        Audit.record(
                tx,
                "system",
                "disclosure.execute",
                "request:" + r.id(),
                null,
                d.id() + " sealed to " + key.keyId() + " " + d.categories());
        log.disclosed(tx, r, d.id(), d.accounts().size(), d.categories());
    }

    private static List<Object> data(Handle h, LawfulRequest r, String account, String category) {
        Optional<Submission.DateRange> range = r.submission().askedData().flatMap(DataAsked::dateRange);
        long from = range.map(x -> x.from().toEpochMilli()).orElse(Long.MIN_VALUE);
        long to = range.map(x -> x.to().toEpochMilli()).orElse(Long.MAX_VALUE);
        String stored = switch (category) {
            case "ip_addresses" -> "ip_address";
            default -> category;
        };
        return h.createQuery("""
                        SELECT value, observed_at FROM account_private_data
                        WHERE account_id = :a AND category = :c AND observed_at BETWEEN :from AND :to
                        ORDER BY observed_at, value""")
                .bind("a", account)
                .bind("c", stored)
                .bind("from", from)
                .bind("to", to)
                .map((rs, ctx) -> (Object) Map.of(
                        "value",
                        rs.getString("value"),
                        "observedAt",
                        Columns.instant(rs, "observed_at").toString()))
                .list();
    }

    public static Optional<Disclosure> pending(Handle h, String requestId) {
        return h.createQuery(SELECT + " WHERE request_id = :r AND status = 'pending'")
                .bind("r", requestId)
                .map(DISCLOSURE)
                .findOne();
    }

    public static List<Disclosure> of(Handle h, String requestId) {
        return h.createQuery(SELECT + " WHERE request_id = :r ORDER BY created_at")
                .bind("r", requestId)
                .map(DISCLOSURE)
                .list();
    }

    /** The sealed package of the request's executed disclosure, if any. */
    public static Optional<String> sealedPackage(Handle h, String requestId) {
        return h.createQuery("""
                        SELECT package FROM disclosure WHERE request_id = :r AND status = 'executed'
                        ORDER BY executed_at DESC LIMIT 1""").bind("r", requestId).mapTo(String.class).findOne();
    }

    static boolean hasMeasures(List<Measure> measures) {
        return measures.stream().anyMatch(m -> m.kind() == MeasureKind.disclose);
    }

    private static final String SELECT = """
            SELECT id, request_id, account_ids, categories, status, created_at, executed_at, recipient_key
            FROM disclosure""";

    private static final RowMapper<Disclosure> DISCLOSURE = (rs, ctx) -> {
        String categories = rs.getString("categories");
        return new Disclosure(
                rs.getString("id"),
                rs.getString("request_id"),
                List.of(rs.getString("account_ids").split(",")),
                categories.isEmpty() ? List.of() : List.of(categories.split(",")),
                rs.getString("status"),
                Columns.instant(rs, "created_at"),
                Columns.optionalInstant(rs, "executed_at"),
                Columns.optionalString(rs, "recipient_key"));
    };
}
