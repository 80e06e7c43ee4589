package org.fulcrum.server.transparency.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fulcrum.server.transparency.CanonicalJson;

/**
 * Computes the {@link TransparencyReport} from log entries only. Used by the server to publish and
 * by {@code fulcrum verify} to recompute; both see the same entries, so they must agree.
 *
 * <p>Rules (part of the published methodology): periods are UTC; a request counts in the period
 * and jurisdiction of its receipt, a decision in those of the decision; a request is pending while
 * no final decision (comply, comply in part, refuse) names its receipt entry; an entry under a
 * secrecy order counts as delayed, in bands, until its reveal, and then as what it reveals; a
 * request refused before it was stored counts as rejected, by reason, under the jurisdiction it
 * claimed ("unspecified" when it named none Fulcrum knows); a request its authority withdrew counts as
 * withdrawn in the period of the withdrawal and is no longer pending in the period of its receipt.
 */
public final class ReportEngine {
    public static final int SCHEMA = 1;
    public static final int BAND = 250;
    private static final Set<String> FINAL =
            Set.of("comply", "comply_in_part", "refuse", "complied", "partly", "refused");
    private static final Set<String> RESTRICTING =
            Set.of("remove", "disable", "geo_restrict", "label", "demote", "suspend", "terminate", "block");

    private final Map<String, Map<String, Map<String, LawfulFigures.Builder>>> lawful = new TreeMap<>();
    private final Map<String, ModerationFigures.Builder> moderation = new TreeMap<>();
    private final Map<Long, Received> received = new HashMap<>();
    private final Map<Long, String> sealedQuarter = new HashMap<>();
    private final Map<String, Long> delayed = new TreeMap<>();
    private final List<TransparencyReport.PolicyVersion> policy = new java.util.ArrayList<>();

    private record Received(Instant time, String jurisdiction) {}

    /** An empty engine; feed it entries in index order with {@link #add(long, byte[])}. */
    public ReportEngine() {}

    /** Adds the entry at {@code index}; entries must come in index order, each once. */
    public void add(long index, byte[] entry) {
        add(index, CanonicalJson.parse(entry));
    }

    /** The report over {@code entries} (in index order), which must hash to {@code root} at {@code size}. */
    public static TransparencyReport compute(Iterator<byte[]> entries, long size, byte[] root) {
        ReportEngine engine = new ReportEngine();
        long index = 0;
        while (entries.hasNext()) {
            engine.add(index++, CanonicalJson.parse(entries.next()));
        }
        return engine.build(size, root);
    }

    @SuppressWarnings("unchecked")
    void add(long index, Map<String, Object> e) {
        String kind = (String) e.get("kind");
        if ("sealed".equals(kind)) {
            String q = Periods.quarter.key(Instant.parse((String) e.get("time")));
            sealedQuarter.put(index, q);
            Counter.add(delayed, q, 1);
            return;
        }
        if ("reveal".equals(kind)) {
            long of = ((Number) e.get("of")).longValue();
            String q = sealedQuarter.remove(of);
            if (q != null) {
                Counter.add(delayed, q, -1);
            }
            add(of, (Map<String, Object>) e.get("public"));
            return;
        }
        Instant time = Instant.parse((String) e.get("time"));
        String jurisdiction = (String) e.getOrDefault("jurisdiction", "unspecified");
        String category = (String) e.get("category");
        String outcome = (String) e.get("outcome");
        Map<String, Object> f = (Map<String, Object>) e.getOrDefault("fields", Map.of());
        switch (kind) {
            case "request_received" -> requestReceived(index, time, jurisdiction, f);
            case "request_decided" -> requestDecided(time, jurisdiction, outcome, f);
            case "request_rejected" ->
                forEachPeriod(time, jurisdiction, b -> {
                    b.rejected++;
                    Counter.add(b.rejectedByReason, (String) f.getOrDefault("reason", outcome), 1);
                });
            case "request_withdrawn" -> requestWithdrawn(time, jurisdiction, f);
            case "disclosure" ->
                forEachPeriod(time, jurisdiction, b -> {
                    b.disclosures++;
                    b.accounts += number(f.get("accounts"));
                });
            case "notice_received" -> {
                ModerationFigures.Builder m = day(time);
                String source = (String) f.get("source");
                Counter.add(m.notices, source, 1);
                Counter.add(m.noticesByCategory, category, 1);
                if ("trusted_flagger".equals(source) && Boolean.TRUE.equals(f.get("priorityLane"))) {
                    m.flaggerNotices++;
                }
            }
            case "moderation_decision" -> moderationDecision(day(time), category, outcome, f);
            case "action" -> action(day(time), outcome, f);
            case "appeal_received" -> day(time).appeals++;
            case "appeal_decided" -> Counter.add(day(time).appealOutcomes, outcome, 1);
            case "policy_version" ->
                policy.add(new TransparencyReport.PolicyVersion(index, time.toString(), new TreeMap<>(f)));
            default -> {}
        }
    }

    private void requestReceived(long index, Instant time, String jurisdiction, Map<String, Object> f) {
        received.put(index, new Received(time, jurisdiction));
        forEachPeriod(time, jurisdiction, b -> {
            b.received++;
            b.pending++;
            Counter.add(b.byInstrument, (String) f.get("instrument"), 1);
            Counter.add(b.byKind, (String) f.get("kind"), 1);
            Counter.add(b.byLane, (String) f.get("lane"), 1);
            if (Boolean.TRUE.equals(f.get("emergency"))) {
                b.emergency++;
            }
            if (Boolean.TRUE.equals(f.get("routed"))) {
                b.routed++;
            }
        });
    }

    private void requestDecided(Instant time, String jurisdiction, String outcome, Map<String, Object> f) {
        boolean isFinal = outcome != null && FINAL.contains(outcome);
        forEachPeriod(time, jurisdiction, b -> {
            Counter.add(b.outcomes, outcome, 1);
            if (outcome != null && outcome.startsWith("refuse")) {
                Counter.add(b.refusalsByPrinciple, (String) f.getOrDefault("principle", "not a principle"), 1);
            }
            if (Boolean.TRUE.equals(f.get("automated"))) {
                b.automated++;
            }
        });
        Object link = f.get("receivedEntry");
        if (isFinal && link instanceof Number n) {
            Received r = received.remove(n.longValue());
            if (r != null) {
                double hours = Duration.between(r.time(), time).toMillis() / 3_600_000.0;
                boolean effect = !outcome.startsWith("refuse");
                forEachPeriod(r.time(), r.jurisdiction(), b -> {
                    b.pending--;
                    b.hoursToDecision.add(hours);
                    if (effect) {
                        b.hoursToEffect.add(hours);
                    }
                });
            }
        }
    }

    private void requestWithdrawn(Instant time, String jurisdiction, Map<String, Object> f) {
        forEachPeriod(time, jurisdiction, b -> b.withdrawn++);
        if (f.get("receivedEntry") instanceof Number n) {
            Received r = received.remove(n.longValue());
            if (r != null) {
                forEachPeriod(r.time(), r.jurisdiction(), b -> b.pending--);
            }
        }
    }

    private static void moderationDecision(
            ModerationFigures.Builder m, String category, String outcome, Map<String, Object> f) {
        if (outcome != null && outcome.startsWith("notifier_")) {
            Counter.add(m.notifierMeasures, outcome, 1);
            return;
        }
        Counter.add(m.decisions, outcome, 1);
        String source = (String) f.get("sourceType");
        if ("restricted".equals(outcome)) {
            Counter.add(m.decisionsByCategory, category, 1);
            Counter.add(m.decisionsBySource, source, 1);
        }
        Counter.add(m.automated, (String) f.get("automatedDecision"), 1);
        if ("SOURCE_TRUSTED_FLAGGER".equals(source)) {
            Counter.add(m.flaggerDecisions, outcome, 1);
        }
    }

    private static void action(ModerationFigures.Builder m, String type, Map<String, Object> f) {
        Counter.add(m.actions, type, 1);
        Counter.add(m.origins, (String) f.get("origin"), 1);
        if (Boolean.TRUE.equals(f.get("reversal"))) {
            m.reversals++;
            Counter.add(m.reversalOrigins, (String) f.get("origin"), 1);
            return;
        }
        if (type != null && RESTRICTING.contains(type)) {
            switch (String.valueOf(f.get("subjectKind"))) {
                case "channel", "group" -> m.containers++;
                case "account" -> m.accounts++;
                default -> m.items++;
            }
        }
    }

    private ModerationFigures.Builder day(Instant time) {
        return moderation.computeIfAbsent(Periods.day.key(time), k -> new ModerationFigures.Builder());
    }

    private void forEachPeriod(
            Instant time, String jurisdiction, java.util.function.Consumer<LawfulFigures.Builder> f) {
        for (Periods p : Periods.all()) {
            f.accept(lawful.computeIfAbsent(p.name(), k -> new TreeMap<>())
                    .computeIfAbsent(p.key(time), k -> new TreeMap<>())
                    .computeIfAbsent(jurisdiction, k -> new LawfulFigures.Builder()));
        }
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    /** The report over everything added so far, stamped with the log size and root it covers. */
    public TransparencyReport build(long size, byte[] root) {
        Map<String, Map<String, Map<String, LawfulFigures>>> l = new TreeMap<>();
        lawful.forEach((type, periods) -> periods.forEach(
                (period, jurisdictions) -> jurisdictions.forEach((j, b) -> l.computeIfAbsent(type, k -> new TreeMap<>())
                        .computeIfAbsent(period, k -> new TreeMap<>())
                        .put(j, b.build()))));
        Map<String, ModerationFigures> m = new TreeMap<>();
        moderation.forEach((d, b) -> m.put(d, b.build()));
        Map<String, String> bands = new TreeMap<>();
        delayed.forEach((q, n) -> {
            if (n > 0) {
                long low = (n - 1) / BAND * BAND;
                bands.put(q, low + "-" + (low + BAND - 1));
            }
        });
        return new TransparencyReport(
                SCHEMA, size, Base64.getEncoder().encodeToString(root), l, m, bands, List.copyOf(policy));
    }
}
