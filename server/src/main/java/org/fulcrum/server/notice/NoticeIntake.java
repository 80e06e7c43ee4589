package org.fulcrum.server.notice;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.store.Coalescer;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.transparency.TransparencyLog;

/**
 * Takes notices from every source in one durable unit each (notices sent one per request at the
 * same time share one, as a batch would): refuses notifiers under an Art. 23
 * suspension and inactive trusted flaggers, records the notice and its items, folds each item into
 * its subject's open case, opens the reporting tasks child safety and threats to life call for,
 * and appends a notice entry to the transparency log. The receipt is given once all of it is
 * durable; with an idempotency key, a retry gets the first receipt and changes nothing.
 */
public final class NoticeIntake {
    private final Database db;
    private final Json json;
    private final Clock clock;
    private final TransparencyLog log;
    private final Triage triage;
    private final ReporterReputation reputation;
    private final SafetyTasks tasks;
    private final Coalescer<Single, Idempotency.Answer> singles;

    public NoticeIntake(
            Database db,
            Clock clock,
            TransparencyLog log,
            Triage triage,
            ReporterReputation reputation,
            SafetyTasks tasks,
            Json json) {
        this.json = json;
        this.db = db;
        this.clock = clock;
        this.log = log;
        this.triage = triage;
        this.reputation = reputation;
        this.tasks = tasks;
        this.singles = new Coalescer<>(db, this::receiveAll, this::receiveAlone);
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
     * notice gets its receipt, or its refusal when its notifier may not report; once per key. What
     * does not need the store (ids, times, the log entries' commitments) is made before the unit
     * reaches the writer, and the items of all the notices are folded into their cases together.
     */
    public Idempotency.Answer submitBatch(
            Submitter who, NoticeBatch batch, Optional<String> idempotencyKey, String requestSha) {
        List<StagedNotice> staged = new ArrayList<>(batch.notices().size());
        for (NoticeSubmission n : batch.notices()) {
            staged.add(StagedNotice.of(who, n, clock, json));
        }
        Optional<AnswerDraft> draft = StagedNotice.knownLane(who)
                .flatMap(lane -> AnswerDraft.batch(
                        json, staged.stream().map(s -> s.draft(lane)).toList()));
        return Idempotency.run(db, "notices:" + who.actor(), idempotencyKey, requestSha, 202, tx -> {
            List<NoticeBatch.Result> results = new ArrayList<>(staged.size());
            List<StagedNotice> admitted = new ArrayList<>(staged.size());
            List<Boolean> lanes = new ArrayList<>(staged.size());
            for (StagedNotice s : staged) {
                try {
                    lanes.add(admit(tx, who, s, false));
                    admitted.add(s);
                    results.add(null);
                } catch (FulcrumException.Forbidden refused) {
                    results.add(new NoticeBatch.Result(Optional.empty(), Optional.of(refused.getMessage())));
                }
            }
            List<NoticeReceipt> receipts = record(tx, admitted, lanes);
            if (draft.isPresent() && admitted.size() == staged.size()) {
                Optional<String> answer = draft.get().finish(receipts);
                if (answer.isPresent()) {
                    return answer.get();
                }
            }
            int next = 0;
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i) == null) {
                    results.set(i, new NoticeBatch.Result(Optional.of(receipts.get(next++)), Optional.empty()));
                }
            }
            return json.write(new NoticeBatch.Answer(results));
        });
    }

    /**
     * Receives {@code notice} durably, once per idempotency key; the answer is the receipt as JSON.
     * Notices sent one per request at the same time are written together, as one batch would be
     * (see {@link Coalescer}), each with its own idempotency key, refusal and receipt.
     */
    public Idempotency.Answer submit(
            Submitter who, NoticeSubmission notice, Optional<String> idempotencyKey, String requestSha) {
        StagedNotice staged = StagedNotice.of(who, notice, clock, json);
        Optional<AnswerDraft> draft =
                StagedNotice.knownLane(who).flatMap(lane -> AnswerDraft.single(json, staged.draft(lane)));
        return singles.submit(new Single(staged, draft, idempotencyKey, requestSha));
    }

    /** A notice sent on its own, staged, with its idempotency key and the digest of its request. */
    private record Single(StagedNotice staged, Optional<AnswerDraft> draft, Optional<String> key, String requestSha) {
        String scope() {
            return "notices:" + staged.who().actor();
        }

        String answer(Json json, NoticeReceipt receipt) {
            return draft.flatMap(d -> d.finish(List.of(receipt))).orElseGet(() -> json.write(receipt));
        }
    }

    /** Writes {@code s} in a unit of its own. */
    private Idempotency.Answer receiveAlone(Single s) {
        return Idempotency.run(
                db,
                s.scope(),
                s.key(),
                s.requestSha(),
                202,
                tx -> s.answer(json, receive(tx, s.staged().who(), s.staged(), false)));
    }

    /**
     * Writes notices sent one per request in one unit: each key already answered is replayed, each
     * refused notifier refused, and the others recorded together, each answer stored under its key. A
     * key met twice in the unit is written alone after it, so that it finds the first answer.
     */
    private List<Coalescer.Outcome<Idempotency.Answer>> receiveAll(Tx tx, List<Single> singles) {
        List<Coalescer.Outcome<Idempotency.Answer>> outcomes = new ArrayList<>(singles.size());
        Set<String> keys = new HashSet<>();
        List<Integer> positions = new ArrayList<>(singles.size());
        List<StagedNotice> admitted = new ArrayList<>(singles.size());
        List<Boolean> lanes = new ArrayList<>(singles.size());
        for (int i = 0; i < singles.size(); i++) {
            Single s = singles.get(i);
            outcomes.add(null);
            try {
                if (s.key().isPresent() && !keys.add(s.scope() + "\n" + s.key().get())) {
                    outcomes.set(i, new Coalescer.Outcome.Alone<>());
                    continue;
                }
                Optional<Idempotency.Stored> stored = s.key().isEmpty()
                        ? Optional.empty()
                        : Idempotency.find(tx, s.scope(), s.key().get(), s.requestSha());
                if (stored.isPresent()) {
                    outcomes.set(
                            i,
                            new Coalescer.Outcome.Done<>(new Idempotency.Answer(
                                    stored.get().status(), stored.get().response(), true)));
                    continue;
                }
                lanes.add(admit(tx, s.staged().who(), s.staged(), false));
                admitted.add(s.staged());
                positions.add(i);
            } catch (FulcrumException.Conflict | FulcrumException.Forbidden refused) {
                outcomes.set(i, new Coalescer.Outcome.Refused<>(refused));
            }
        }
        List<NoticeReceipt> receipts = record(tx, admitted, lanes);
        for (int k = 0; k < positions.size(); k++) {
            Single s = singles.get(positions.get(k));
            String answer = s.answer(json, receipts.get(k));
            if (s.key().isPresent()) {
                Idempotency.store(tx, s.scope(), s.key().get(), s.requestSha(), 202, answer);
            }
            outcomes.set(positions.get(k), new Coalescer.Outcome.Done<>(new Idempotency.Answer(202, answer, false)));
        }
        return outcomes;
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
        return receive(tx, who, StagedNotice.of(who, n, clock, json), detectionPriority);
    }

    private NoticeReceipt receive(Tx tx, Submitter who, StagedNotice s, boolean detectionPriority) {
        boolean lane = admit(tx, who, s, detectionPriority);
        return record(tx, List.of(s), List.of(lane)).getFirst();
    }

    /**
     * The checks a notice passes before anything is written: the notifier is not suspended (Art. 23)
     * and a trusted flagger is active. Reads only, so a refusal leaves the unit as it was. Answers
     * whether the notice goes on the priority lane.
     */
    private boolean admit(Tx tx, Submitter who, StagedNotice s, boolean detectionPriority) {
        if (s.reporterKey().isPresent()) {
            reputation.checkMayReport(tx, s.reporterKey().get());
        }
        return switch (who.source()) {
            case trusted_flagger -> {
                Flagger f = TrustedFlaggers.find(tx.handle(), who.ownerId().orElseThrow())
                        .orElseThrow(
                                () -> new FulcrumException.Forbidden("this token's trusted flagger is not registered"));
                if (f.status() != Flagger.Status.active) {
                    throw new FulcrumException.Forbidden("trusted flagger " + f.name() + " is " + f.status());
                }
                yield f.covers(s.notice().reason().category());
            }
            case authority -> true;
            case detection -> detectionPriority;
            case user_report -> false;
        };
    }

    /**
     * Writes admitted notices: their rows, one fold of all their items into the subjects' cases, the
     * reporting tasks, and one log entry each (in the notices' order); answers their receipts.
     */
    private List<NoticeReceipt> record(Tx tx, List<StagedNotice> notices, List<Boolean> lanes) {
        NoticeRows rows = new NoticeRows(tx);
        List<Triage.Incoming> incoming = new ArrayList<>();
        for (int k = 0; k < notices.size(); k++) {
            StagedNotice s = notices.get(k);
            Submitter who = s.who();
            NoticeSubmission n = s.notice();
            boolean lane = lanes.get(k);
            rows.notice(s.id(), who, n, s.reporterKey(), lane, s.at().toEpochMilli());
            for (NoticeSubmission.Item item : n.items()) {
                incoming.add(new Triage.Incoming(
                        s.id(),
                        item.subjectId(),
                        item.kind().orElse(SubjectKind.post),
                        n.reason(),
                        who.source(),
                        lane,
                        s.reporterKey(),
                        s.at()));
            }
        }
        List<Triage.Folded> folds = triage.foldAll(tx, incoming);
        List<NoticeReceipt> answers = new ArrayList<>(notices.size());
        int f = 0;
        for (int k = 0; k < notices.size(); k++) {
            StagedNotice s = notices.get(k);
            Submitter who = s.who();
            NoticeSubmission n = s.notice();
            boolean lane = lanes.get(k);
            List<NoticeReceipt.ItemReceipt> receipts = new ArrayList<>(n.items().size());
            int created = 0;
            for (int i = 0; i < n.items().size(); i++) {
                NoticeSubmission.Item item = n.items().get(i);
                Triage.Folded folded = folds.get(f++);
                rows.item(s.id(), i, item, folded.caseId(), s.reporterKey());
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
            log.append(tx, s.entry(), Map.of("newCases", created, "priorityLane", lane));
            answers.add(new NoticeReceipt(s.id(), "received", who.source(), lane, n.art16Complete(), s.at(), receipts));
        }
        rows.flush();
        return answers;
    }
}
