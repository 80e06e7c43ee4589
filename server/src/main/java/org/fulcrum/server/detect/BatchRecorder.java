package org.fulcrum.server.detect;

import io.prometheus.metrics.core.metrics.Counter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.web.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans a batch of content events and records all its matches and their actions in one durable unit,
 * which also takes the batch's events off the durable backlog; if that unit fails, each subject is
 * retried alone, and an item that still fails is recorded as failed so the match is never silently
 * lost.
 */
final class BatchRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRecorder.class);

    private final Database db;
    private final Scanner scanner;
    private final Responder responder;
    private final Counter scanned;
    private final Counter matched;

    BatchRecorder(Database db, Scanner scanner, Responder responder, Metrics metrics) {
        this.db = db;
        this.scanner = scanner;
        this.responder = responder;
        this.scanned = metrics.counter("fulcrum_detection_events_total", "Content events scanned by detection");
        this.matched = metrics.counter(
                "fulcrum_detection_matches_total", "Detection matches by detector kind and outcome", "kind", "outcome");
    }

    /** Scans {@code events} and records what matched. */
    void process(List<ContentEvent> events) {
        List<Hit> hits = new ArrayList<>();
        for (ContentEvent e : events) {
            hits.addAll(scanner.scan(e));
        }
        scanned.inc(events.size());
        if (hits.isEmpty()) {
            db.write(tx -> claim(tx, ids(events)));
            return;
        }
        Map<String, MatchOutcome> outcomes;
        try {
            // Recording appends to the log and touches shared rows: run again after a deadlock with
            // another node's group before falling back to one subject at a time.
            outcomes = db.writeRetrying(tx -> respond(tx, claim(tx, ids(events)), hits));
        } catch (RuntimeException batchFailure) {
            LOG.warn("recording {} matches together failed; recording each item alone", hits.size(), batchFailure);
            Set<String> hit = new HashSet<>();
            hits.forEach(h -> h.eventId().ifPresent(hit::add));
            db.write(tx -> claim(
                    tx,
                    events.stream()
                            .map(ContentEvent::eventId)
                            .filter(id -> !hit.contains(id))
                            .toList()));
            outcomes = one(hits);
        }
        for (Hit h : hits) {
            MatchOutcome o = h.disposition() == Hit.Disposition.act
                    ? outcomes.get(h.subjectId())
                    : new MatchOutcome.NotActed(h.disposition().name());
            matched.labelValues(h.detector().kind().name(), o == null ? "unknown" : o.name())
                    .inc();
        }
    }

    private Map<String, MatchOutcome> one(List<Hit> hits) {
        Map<String, List<Hit>> bySubject = new LinkedHashMap<>();
        hits.forEach(h ->
                bySubject.computeIfAbsent(h.subjectId(), k -> new ArrayList<>()).add(h));
        Map<String, MatchOutcome> outcomes = new LinkedHashMap<>();
        for (Map.Entry<String, List<Hit>> e : bySubject.entrySet()) {
            try {
                outcomes.putAll(db.write(tx -> respond(
                        tx,
                        claim(
                                tx,
                                e.getValue().stream()
                                        .map(Hit::eventId)
                                        .flatMap(Optional::stream)
                                        .distinct()
                                        .toList()),
                        e.getValue())));
            } catch (RuntimeException failure) {
                LOG.atError()
                        .addKeyValue("subject", e.getKey())
                        .setCause(failure)
                        .log("acting on a match failed");
                List<Hit> failed = e.getValue().stream()
                        .map(h -> h.disposition() == Hit.Disposition.act
                                ? new Hit(
                                        h.eventId(),
                                        h.subjectId(),
                                        h.detector(),
                                        h.disposition(),
                                        h.distance(),
                                        Map.of("error", String.valueOf(failure.getMessage()), "evidence", h.evidence()))
                                : h)
                        .toList();
                db.write(tx -> {
                    Set<String> claimed = claim(
                            tx,
                            failed.stream()
                                    .map(Hit::eventId)
                                    .flatMap(Optional::stream)
                                    .distinct()
                                    .toList());
                    List<Hit> mine = failed.stream()
                            .filter(h -> h.eventId().map(claimed::contains).orElse(true))
                            .toList();
                    return mine.isEmpty()
                            ? Map.of()
                            : responder.respond(tx, mine, Optional.empty(), Responder.Acting.failed);
                });
                outcomes.put(e.getKey(), new MatchOutcome.NotActed("failed"));
            }
        }
        return outcomes;
    }

    private static List<String> ids(List<ContentEvent> events) {
        return events.stream().map(ContentEvent::eventId).toList();
    }

    /**
     * Takes the events off the durable backlog in the unit that records their matches and returns the
     * ids this unit took: an event another unit took already (a scan recorded before a restart, or by
     * another node) has its matches recorded, so they are not recorded twice.
     */
    private static Set<String> claim(Tx tx, List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(tx.handle()
                .createQuery("DELETE FROM detection_pending WHERE event_id IN (<ids>) RETURNING event_id")
                .bindList("ids", eventIds)
                .mapTo(String.class)
                .list());
    }

    private Map<String, MatchOutcome> respond(Tx tx, Set<String> claimed, List<Hit> hits) {
        List<Hit> mine = hits.stream()
                .filter(h -> h.eventId().map(claimed::contains).orElse(true))
                .toList();
        return mine.isEmpty() ? Map.of() : responder.respond(tx, mine, Optional.empty(), Responder.Acting.act);
    }
}
