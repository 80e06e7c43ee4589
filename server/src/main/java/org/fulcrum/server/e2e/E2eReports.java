package org.fulcrum.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.franking.FrankingReport;
import org.fulcrum.franking.FrankingVerifier;
import org.fulcrum.franking.RejectReason;
import org.fulcrum.franking.Verification;
import org.fulcrum.franking.VerifierPolicy;
import org.fulcrum.server.config.FrankingConfig;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.transparency.EntryKind;
import org.fulcrum.server.transparency.LogEntry;
import org.fulcrum.server.transparency.TransparencyLog;

/**
 * Takes franked reports from E2E chats: verifies each against the relay's registered key without
 * any E2E secret, stores the reported message as evidence (the one E2E plaintext Fulcrum keeps),
 * makes the sender's message a subject, appends a {@code report_verified} entry to the log, and
 * hands the verified report to the listeners (moderation receives it as a notice and opens a case). A forged or altered report is
 * refused with its reason and counted against the reporter (the refusal listeners feed its Art. 23 standing). The same report twice is one report.
 */
public final class E2eReports {
    private final Database db;
    private final FrankingVerifier verifier;
    private final TransparencyLog log;
    private final Clock clock;
    private final Json json;
    private final VerifiedListener verifiedListener;
    private final RefusedListener refusedListener;

    /**
     * @param verified told of each newly verified report (moderation takes it as a notice)
     * @param refused told of each refused report (it counts against the reporter)
     */
    public E2eReports(
            Database db,
            RelayKeyStore keys,
            TransparencyLog log,
            Clock clock,
            Json json,
            FrankingConfig franking,
            VerifiedListener verified,
            RefusedListener refused) {
        this.db = db;
        this.verifier = new FrankingVerifier(
                keys,
                clock,
                VerifierPolicy.defaults().withMaxAge(franking.maxStampAge()).withVersion1(franking.acceptVersion1()));
        this.log = log;
        this.clock = clock;
        this.json = json;
        this.verifiedListener = verified;
        this.refusedListener = refused;
    }

    /** Told of each newly verified report, inside the transaction that records it. */
    public interface VerifiedListener {
        void verified(Tx tx, Report report);
    }

    /** Told of each refused report, inside the transaction that records the refusal. */
    public interface RefusedListener {
        void refused(Tx tx, String reporterId, RejectReason reason);
    }

    /** A verified report as stored. */
    public record Report(
            String id,
            String reporterId,
            String senderId,
            String conversationId,
            String subjectId,
            Reason reason,
            Instant stampedAt,
            Instant receivedAt,
            long logIndex) {}

    /** The outcome of a submission. */
    public sealed interface Outcome {
        /** Verified and recorded (or recorded before: {@code duplicate}). */
        record Accepted(Report report, boolean duplicate) implements Outcome {}

        /** Refused: forged, altered, too old, or from an unknown or revoked relay key; counted against the reporter. */
        record Refused(String reason, String detail, long rejectionsOfReporter) implements Outcome {}

        /**
         * A genuine version 2 report from someone other than the recipient its stamp binds (a forwarded
         * or leaked report). Nothing is recorded: the report is not forged, its submitter is not entitled.
         */
        record NotRecipient(String detail) implements Outcome {}
    }

    /** A submission: who reports, for which reason, and the franking report JSON. */
    public record Submission(String reporterId, Reason reason, JsonNode report) {
        public Submission {
            Check.id("reporterId", reporterId);
            Check.required("reason", reason);
            if (report == null || !report.isObject()) {
                throw new FulcrumException.InvalidInput("report", "must be the franking report object");
            }
        }
    }

    public Outcome submit(Submission s) {
        Verification v = verifier.verifyJson(json.write(s.report()), s.reporterId());
        return switch (v) {
            case Verification.Rejected rejected
            when rejected.reason() == RejectReason.NOT_RECIPIENT -> new Outcome.NotRecipient(rejected.detail());
            case Verification.Rejected rejected -> refuse(s.reporterId(), rejected);
            case Verification.Verified ok -> accept(s, ok.report());
        };
    }

    private Outcome refuse(String reporterId, Verification.Rejected rejected) {
        long count = db.write(tx -> {
            tx.handle()
                    .createUpdate("""
                    INSERT INTO e2e_rejection (id, reporter_id, reason, detail, at) VALUES (:id, :r, :reason, :d, :at)""")
                    .bind("id", Ids.next("e2ex", clock))
                    .bind("r", reporterId)
                    .bind("reason", rejected.reason().name())
                    .bind("d", rejected.detail())
                    .bind("at", tx.now().toEpochMilli())
                    .execute();
            refusedListener.refused(tx, reporterId, rejected.reason());
            return tx.handle()
                    .createQuery("SELECT COUNT(*) FROM e2e_rejection WHERE reporter_id = :r")
                    .bind("r", reporterId)
                    .mapTo(Long.class)
                    .one();
        });
        return new Outcome.Refused(rejected.reason().name(), rejected.detail(), count);
    }

    private Outcome accept(Submission s, FrankingReport r) {
        String commitment = HexFormat.of().formatHex(r.commitment().bytes());
        String subjectId = "e2e:" + commitment.substring(0, 32);
        return db.write(tx -> {
            Optional<Report> existing = find(tx, commitment);
            if (existing.isPresent()) {
                return new Outcome.Accepted(existing.get(), true);
            }
            long now = tx.now().toEpochMilli();
            String sender = r.sender().value();
            tx.handle().createUpdate("""
                    INSERT INTO subject (id, kind, author_id, created_at, updated_at) VALUES (:id, 'account', NULL, :now, :now)
                    ON CONFLICT (id) DO NOTHING""").bind("id", sender).bind("now", now).execute();
            tx.handle()
                    .createUpdate("""
                    INSERT INTO subject (id, kind, container_id, author_id, created_at, updated_at)
                    VALUES (:id, 'message', NULL, :author, :now, :now) ON CONFLICT (id) DO NOTHING""")
                    .bind("id", subjectId)
                    .bind("author", sender)
                    .bind("now", now)
                    .execute();
            Map<String, Object> pub = new LinkedHashMap<>();
            pub.put("source", "e2e_report");
            pub.put("verified", true);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reporterId", s.reporterId());
            details.put("senderId", sender);
            details.put("conversationId", r.conversation().value());
            details.put("commitment", commitment);
            long index = log.append(
                    tx,
                    LogEntry.of(
                            EntryKind.report_verified,
                            tx.now(),
                            null,
                            s.reason().category().name(),
                            "verified",
                            pub,
                            details,
                            sender));
            String id = Ids.next("e2e", clock);
            tx.handle()
                    .createUpdate("""
                    INSERT INTO e2e_report (id, commitment, reporter_id, sender_id, conversation_id, message, category,
                                            relay_key_id, stamped_at, received_at, subject_id, log_index)
                    VALUES (:id, :c, :rep, :snd, :conv, :msg, :cat, :key, :st, :now, :subject, :idx)""")
                    .bind("id", id)
                    .bind("c", commitment)
                    .bind("rep", s.reporterId())
                    .bind("snd", sender)
                    .bind("conv", r.conversation().value())
                    .bind("msg", Base64.getEncoder().encodeToString(r.message()))
                    .bind("cat", s.reason().name())
                    .bind("key", r.relayKeyId().value())
                    .bind("st", r.timestamp().toEpochMilli())
                    .bind("now", now)
                    .bind("subject", subjectId)
                    .bind("idx", index)
                    .execute();
            Report report = find(tx, commitment).orElseThrow();
            verifiedListener.verified(tx, report);
            return new Outcome.Accepted(report, false);
        });
    }

    private static Optional<Report> find(Tx tx, String commitment) {
        return tx.handle()
                .createQuery("""
                        SELECT id, reporter_id, sender_id, conversation_id, subject_id, category, stamped_at, received_at,
                               log_index FROM e2e_report WHERE commitment = :c""")
                .bind("c", commitment)
                .map((rs, c) -> new Report(
                        rs.getString("id"),
                        rs.getString("reporter_id"),
                        rs.getString("sender_id"),
                        rs.getString("conversation_id"),
                        rs.getString("subject_id"),
                        Reason.valueOf(rs.getString("category")),
                        Columns.instant(rs, "stamped_at"),
                        Columns.instant(rs, "received_at"),
                        rs.getLong("log_index")))
                .findOne();
    }

    /** The reported message, as evidence for a reviewer. */
    public Optional<byte[]> evidence(String reportId) {
        return db.read(h -> h.createQuery("SELECT message FROM e2e_report WHERE id = :id")
                .bind("id", reportId)
                .mapTo(String.class)
                .findOne()
                .map(Base64.getDecoder()::decode));
    }
}
