package org.fulcrum.server.notice;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.transparency.EntryKind;
import org.fulcrum.server.transparency.LogEntry;
import org.fulcrum.server.transparency.TransparencyLog;

/**
 * Takes notices from every source in one durable unit each: refuses notifiers under an Art. 23
 * suspension and inactive trusted flaggers, records the notice and its items, folds each item into
 * its subject's open case, opens the reporting tasks child safety and threats to life call for,
 * and appends a notice entry to the transparency log. The receipt is given once all of it is
 * durable; with an idempotency key, a retry gets the first receipt and changes nothing.
 */
public final class NoticeIntake {
    private final Database db;
    private final Clock clock;
    private final TransparencyLog log;
    private final Triage triage;
    private final ReporterReputation reputation;
    private final SafetyTasks tasks;

    public NoticeIntake(
            Database db,
            Clock clock,
            TransparencyLog log,
            Triage triage,
            ReporterReputation reputation,
            SafetyTasks tasks) {
        this.db = db;
        this.clock = clock;
        this.log = log;
        this.triage = triage;
        this.reputation = reputation;
        this.tasks = tasks;
    }

    /**
     * Who sends a notice, as established by the caller's credentials.
     *
     * @param source the source the credentials stand for
     * @param actor the audit id of the caller
     * @param ownerId the trusted flagger or authority the token belongs to
     */
    public record Submitter(Source source, String actor, Optional<String> ownerId) {
        public Submitter {
            ownerId = ownerId == null ? Optional.empty() : ownerId;
            if (source == Source.trusted_flagger && ownerId.isEmpty()) {
                throw new IllegalArgumentException("a trusted flagger notice needs the flagger id");
            }
        }
    }

    /**
     * Receives a batch of notices (a platform relaying its users' reports) in one durable unit: each
     * notice gets its receipt, or its refusal when its notifier may not report; once per key.
     */
    public Idempotency.Answer submitBatch(
            Submitter who, NoticeBatch batch, Optional<String> idempotencyKey, String requestSha) {
        return Idempotency.run(db, "notices:" + who.actor(), idempotencyKey, requestSha, 202, tx -> {
            List<NoticeBatch.Result> results = new ArrayList<>(batch.notices().size());
            NoticeRows rows = new NoticeRows(tx);
            for (NoticeSubmission n : batch.notices()) {
                Admission admission;
                try {
                    admission = admit(tx, who, n);
                } catch (FulcrumException.Forbidden refused) {
                    results.add(new NoticeBatch.Result(Optional.empty(), Optional.of(refused.getMessage())));
                    continue;
                }
                results.add(new NoticeBatch.Result(Optional.of(record(tx, who, n, admission, rows)), Optional.empty()));
            }
            rows.flush();
            return Json.write(new NoticeBatch.Answer(results));
        });
    }

    /** Receives {@code notice} durably, once per idempotency key; the answer is the receipt as JSON. */
    public Idempotency.Answer submit(
            Submitter who, NoticeSubmission notice, Optional<String> idempotencyKey, String requestSha) {
        return Idempotency.run(
                db,
                "notices:" + who.actor(),
                idempotencyKey,
                requestSha,
                202,
                tx -> Json.write(receive(tx, who, notice)));
    }

    /**
     * What automated detection reports: the items, why, and which detector (bank, rule, model).
     *
     * @param subjectIds the items matched
     * @param reason the reason the detector stands for
     * @param detector the bank, rule or model that matched
     * @param explanation what matched, in words
     * @param priority whether the detector's policy puts the items on the priority lane
     */
    public record Detection(
            List<String> subjectIds, Reason reason, String detector, String explanation, boolean priority) {
        public Detection(List<String> subjectIds, Reason reason, String detector, String explanation) {
            this(subjectIds, reason, detector, explanation, false);
        }
    }

    /** Files a notice on behalf of automated detection, in the detector's transaction. */
    public NoticeReceipt detected(Tx tx, Detection d) {
        List<NoticeSubmission.Item> items = d.subjectIds().stream()
                .map(s -> new NoticeSubmission.Item(s, Optional.empty(), Optional.empty()))
                .toList();
        NoticeSubmission n = new NoticeSubmission(
                items,
                d.reason(),
                Optional.of(d.explanation()),
                Optional.empty(),
                Optional.empty(),
                true,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        return receive(
                tx, new Submitter(Source.detection, "detection:" + d.detector(), Optional.empty()), n, d.priority());
    }

    /** Receives {@code n} in {@code tx}. */
    public NoticeReceipt receive(Tx tx, Submitter who, NoticeSubmission n) {
        return receive(tx, who, n, false);
    }

    private NoticeReceipt receive(Tx tx, Submitter who, NoticeSubmission n, boolean detectionPriority) {
        NoticeRows rows = new NoticeRows(tx);
        NoticeReceipt receipt = record(tx, who, n, admit(tx, who, n, detectionPriority), rows);
        rows.flush();
        return receipt;
    }

    /** Who reports, and whether on the priority lane: what the checks before any write establish. */
    private record Admission(Optional<String> reporterKey, boolean lane) {}

    /**
     * The checks a notice passes before anything is written: the notifier is not suspended (Art. 23)
     * and a trusted flagger is active. Reads only, so a refusal leaves the unit as it was.
     */
    private Admission admit(Tx tx, Submitter who, NoticeSubmission n) {
        return admit(tx, who, n, false);
    }

    private Admission admit(Tx tx, Submitter who, NoticeSubmission n, boolean detectionPriority) {
        Optional<String> reporterKey = switch (who.source()) {
            case user_report ->
                n.notifier().flatMap(NoticeSubmission.Notifier::reporterId).map(r -> "user:" + r);
            case trusted_flagger -> who.ownerId().map(o -> "flagger:" + o);
            case authority -> who.ownerId().map(o -> "authority:" + o);
            case detection -> Optional.empty();
        };
        if (reporterKey.isPresent()) {
            reputation.checkMayReport(tx, reporterKey.get());
        }
        boolean lane = switch (who.source()) {
            case trusted_flagger -> {
                Flagger f = TrustedFlaggers.find(tx.handle(), who.ownerId().orElseThrow())
                        .orElseThrow(
                                () -> new FulcrumException.Forbidden("this token's trusted flagger is not registered"));
                if (f.status() != Flagger.Status.active) {
                    throw new FulcrumException.Forbidden("trusted flagger " + f.name() + " is " + f.status());
                }
                yield f.covers(n.reason().category());
            }
            case authority -> true;
            case detection -> detectionPriority;
            case user_report -> false;
        };
        return new Admission(reporterKey, lane);
    }

    private NoticeReceipt record(Tx tx, Submitter who, NoticeSubmission n, Admission admission, NoticeRows rows) {
        Instant now = tx.now();
        String id = Ids.next("ntc", clock);
        Optional<String> reporterKey = admission.reporterKey();
        boolean lane = admission.lane();
        boolean complete = n.art16Complete();
        rows.notice(id, who, n, reporterKey, lane, now.toEpochMilli());
        List<NoticeReceipt.ItemReceipt> receipts = new ArrayList<>(n.items().size());
        int created = 0;
        for (int i = 0; i < n.items().size(); i++) {
            NoticeSubmission.Item item = n.items().get(i);
            Triage.Folded folded = triage.fold(
                    tx,
                    new Triage.Incoming(
                            id,
                            item.subjectId(),
                            item.kind().orElse(SubjectKind.post),
                            n.reason(),
                            who.source(),
                            lane,
                            reporterKey,
                            now));
            rows.item(id, i, item, folded.caseId(), reporterKey);
            if (n.reason().childSafety() || n.reason().threatToLife()) {
                tasks.open(
                        tx,
                        n.reason(),
                        folded.caseId(),
                        item.subjectId(),
                        folded.subjectCountry().or(n::country));
            }
            if (folded.created()) {
                created++;
            }
            receipts.add(new NoticeReceipt.ItemReceipt(item.subjectId(), folded.caseId()));
        }
        Map<String, Object> publicFields = new LinkedHashMap<>();
        publicFields.put("source", who.source().name());
        publicFields.put("reason", n.reason().name());
        publicFields.put("items", n.items().size());
        publicFields.put("newCases", created);
        publicFields.put("priorityLane", lane);
        publicFields.put("art16Complete", complete);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("noticeId", id);
        details.put("submitter", who.actor());
        details.put(
                "subjects",
                n.items().stream().map(NoticeSubmission.Item::subjectId).toList());
        reporterKey.ifPresent(k -> details.put("reporter", k));
        log.append(
                tx,
                LogEntry.of(
                        EntryKind.notice_received,
                        now,
                        n.country().orElse(null),
                        n.reason().category().name(),
                        "received",
                        publicFields,
                        details,
                        reporterKey.orElse(null)));
        return new NoticeReceipt(id, "received", who.source(), lane, complete, now, receipts);
    }
}
