package org.fulcrum.server.lawful;

import java.nio.file.Path;
import java.time.Clock;
import org.fulcrum.server.auth.Passwords;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.decision.Caps;
import org.fulcrum.server.lawful.decision.Decisions;
import org.fulcrum.server.lawful.decision.Disclosures;
import org.fulcrum.server.lawful.decision.Execution;
import org.fulcrum.server.lawful.decision.Withdrawals;
import org.fulcrum.server.lawful.disclosure.AnswerKey;
import org.fulcrum.server.lawful.intake.LawfulIntake;
import org.fulcrum.server.lawful.intake.Rejections;
import org.fulcrum.server.lawful.registry.Authorities;
import org.fulcrum.server.lawful.request.Instrument;
import org.fulcrum.server.lawful.request.LawfulLog;
import org.fulcrum.server.lawful.request.LawfulMetrics;
import org.fulcrum.server.lawful.request.LawfulSettings;
import org.fulcrum.server.lawful.review.LawfulJobs;
import org.fulcrum.server.lawful.review.LawfulQueries;
import org.fulcrum.server.lawful.review.LegalReview;
import org.fulcrum.server.lawful.signature.SignedRequests;
import org.fulcrum.server.platform.Enforcement;
import org.fulcrum.server.policy.Policies;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.transparency.TransparencyLog;
import org.fulcrum.server.web.Metrics;

/** The lawful capability's parts, built once by the composition root. */
public final class Lawful {
    private final LawfulSettings settings;
    private final Authorities authorities;
    private final SignedRequests signatures;
    private final LawfulIntake intake;
    private final LegalReview review;
    private final LawfulQueries queries;
    private final LawfulMetrics metrics;
    private final LawfulJobs jobs;
    private final AnswerKey answerKey;
    private final Policies policies;
    private final Rejections rejections;
    private final Withdrawals withdrawals;

    public Lawful(
            Path dataDir,
            AnswerKey answerKey,
            Database db,
            Clock clock,
            Json json,
            Policies policies,
            Enforcement enforcement,
            TransparencyLog log,
            Metrics metrics,
            Passwords passwords) {
        this.policies = policies;
        this.settings = LawfulSettings.load(dataDir);
        this.answerKey = answerKey;
        this.authorities = new Authorities(db, clock, passwords);
        this.signatures = new SignedRequests(db, clock);
        this.metrics = new LawfulMetrics(metrics);
        this.rejections = new Rejections(
                db, log, code -> policies.current().jurisdictions().containsKey(code), json);
        LawfulLog lawfulLog = new LawfulLog(log);
        Disclosures disclosures = new Disclosures(lawfulLog, json);
        Decisions decisions = new Decisions(
                policies, lawfulLog, new Caps(settings), new Execution(enforcement), disclosures, this.metrics, json);
        this.intake = new LawfulIntake(
                db,
                clock,
                policies,
                decisions,
                lawfulLog,
                settings,
                signatures,
                this.metrics,
                rejections,
                enforcement.outbox(),
                json);
        this.review = new LegalReview(db, decisions, disclosures, json);
        this.withdrawals = new Withdrawals(db, lawfulLog, json);
        this.queries = new LawfulQueries(db, clock, policies, json);
        this.jobs = new LawfulJobs(db, clock, settings, signatures, this.metrics, enforcement.outbox());
        for (var j : policies.current().jurisdictions().values()) {
            for (String instrument : j.instruments()) {
                try {
                    Instrument.valueOf(instrument);
                } catch (IllegalArgumentException e) {
                    throw new org.fulcrum.server.policy.PolicyInvalid(
                            "jurisdiction " + j.code() + " names unknown instrument '" + instrument + "'");
                }
            }
        }
    }

    public LawfulSettings settings() {
        return settings;
    }

    public Authorities authorities() {
        return authorities;
    }

    public SignedRequests signatures() {
        return signatures;
    }

    public LawfulIntake intake() {
        return intake;
    }

    public LegalReview review() {
        return review;
    }

    /** Authorities withdrawing their requests. */
    public Withdrawals withdrawals() {
        return withdrawals;
    }

    public LawfulQueries queries() {
        return queries;
    }

    public LawfulMetrics metrics() {
        return metrics;
    }

    public LawfulJobs jobs() {
        return jobs;
    }

    public AnswerKey answerKey() {
        return answerKey;
    }

    /** Requests refused before they were stored. */
    public Rejections rejections() {
        return rejections;
    }

    public Policies policies() {
        return policies;
    }
}
