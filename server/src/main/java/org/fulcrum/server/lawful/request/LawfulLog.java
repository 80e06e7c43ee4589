package org.fulcrum.server.lawful.request;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.transparency.EntryKind;
import org.fulcrum.server.transparency.LogEntry;
import org.fulcrum.server.transparency.TransparencyLog;

/**
 * What the lawful capability appends to the transparency log, in the same transaction as the
 * change: every request received, every decision, every withdrawal, every disclosure. Public fields hold no personal
 * data (instrument, kind, lane, outcome, principle); ids and references go into the commitment
 * only. A request under a gag is sealed until the gag expires.
 */
public final class LawfulLog {
    private final TransparencyLog log;

    public LawfulLog(TransparencyLog log) {
        this.log = log;
    }

    public void received(Tx tx, LawfulRequest r, List<String> subjects) {
        Map<String, Object> pub = common(r);
        pub.put("targets", subjects.size());
        long index = append(tx, r, EntryKind.request_received, null, pub, details(r, subjects));
        tx.handle()
                .createUpdate("UPDATE lawful_request SET received_entry = :i WHERE id = :id")
                .bind("i", index)
                .bind("id", r.id())
                .execute();
    }

    /** Links a later entry to the request's receipt entry, publicly, so reports can pair them. */
    private static void link(Tx tx, LawfulRequest r, Map<String, Object> pub) {
        tx.handle()
                .createQuery("SELECT received_entry FROM lawful_request WHERE id = :id")
                .bind("id", r.id())
                .mapTo(Long.class)
                .findOne()
                .ifPresent(i -> pub.put("receivedEntry", i));
    }

    public void decided(
            Tx tx, LawfulRequest r, String decisionId, String outcome, Optional<String> principle, String decidedBy) {
        Map<String, Object> pub = common(r);
        principle.ifPresent(p -> pub.put("principle", p));
        pub.put("automated", decidedBy.equals("policy") || decidedBy.equals("automation"));
        link(tx, r, pub);
        Map<String, Object> details = details(r, List.of());
        details.put("decision", decisionId);
        append(tx, r, EntryKind.request_decided, outcome, pub, details);
    }

    /** The authority withdrew the request; linked to its receipt so reports count it closed. */
    public void withdrawn(Tx tx, LawfulRequest r) {
        Map<String, Object> pub = common(r);
        link(tx, r, pub);
        append(tx, r, EntryKind.request_withdrawn, "withdrawn", pub, details(r, List.of()));
    }

    public void disclosed(Tx tx, LawfulRequest r, String disclosureId, int accounts, List<String> categories) {
        Map<String, Object> pub = common(r);
        pub.put("accounts", accounts);
        pub.put("dataCategories", categories);
        link(tx, r, pub);
        Map<String, Object> details = details(r, List.of());
        details.put("disclosure", disclosureId);
        append(tx, r, EntryKind.disclosure, "disclosed", pub, details);
    }

    private long append(
            Tx tx,
            LawfulRequest r,
            EntryKind kind,
            String outcome,
            Map<String, Object> pub,
            Map<String, Object> details) {
        LogEntry entry =
                LogEntry.of(kind, tx.now(), r.jurisdiction(), category(r.submission()), outcome, pub, details, null);
        if (r.state().gagged(tx.now())) {
            entry = entry.sealedUntil(r.state().gagUntil().orElseThrow());
        }
        return log.append(tx, entry);
    }

    private static Map<String, Object> common(LawfulRequest r) {
        Map<String, Object> pub = new LinkedHashMap<>();
        pub.put("instrument", r.instrument().name());
        pub.put("kind", r.kind().name());
        pub.put("lane", r.lane().name());
        pub.put("entity", r.parties().entity());
        pub.put("routed", r.parties().routedFrom().isPresent());
        pub.put("emergency", r.state().emergency());
        return pub;
    }

    private static Map<String, Object> details(LawfulRequest r, List<String> subjects) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("request", r.id());
        d.put("reference", r.reference());
        r.parties().agencyId().ifPresent(a -> d.put("agency", a));
        if (!subjects.isEmpty()) {
            d.put("subjects", subjects);
        }
        return d;
    }

    /** The DSA Transparency Database category (without prefix) of a content order's ground. */
    static String category(Submission s) {
        if (!(s instanceof ContentOrder order)) {
            return null;
        }
        return switch (order.category().orElse("")) {
            case "terrorism", "threats_to_public_security" -> "RISK_FOR_PUBLIC_SECURITY";
            case "child_sexual_abuse" -> "PROTECTION_OF_MINORS";
            case "fraud", "serious_fraud" -> "SCAMS_AND_FRAUD";
            case "non_consensual_imagery" -> "CYBER_VIOLENCE";
            case "threats_to_life", "human_trafficking" -> "VIOLENCE";
            default -> "ILLEGAL_OR_HARMFUL_SPEECH";
        };
    }
}
