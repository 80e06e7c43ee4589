package org.fulcrum.server;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.fulcrum.server.detect.VideoMatchFrames;
import org.fulcrum.server.e2e.E2eFeature;
import org.fulcrum.server.e2e.E2eNotices;
import org.fulcrum.server.e2e.E2eReports;
import org.fulcrum.server.e2e.RelayKeyStore;
import org.fulcrum.server.jobs.Scheduler;
import org.fulcrum.server.notice.NoticeConsole;
import org.fulcrum.server.notice.NoticeFeature;
import org.fulcrum.server.notice.NoticeIntake;
import org.fulcrum.server.notice.ReporterReputation;
import org.fulcrum.server.notice.SafetyTasks;
import org.fulcrum.server.notice.TrustedFlaggers;
import org.fulcrum.server.review.AppealFeature;
import org.fulcrum.server.review.Appeals;
import org.fulcrum.server.review.Bulk;
import org.fulcrum.server.review.CaseFolds;
import org.fulcrum.server.review.Cases;
import org.fulcrum.server.review.CriticalExposure;
import org.fulcrum.server.review.CriticalPause;
import org.fulcrum.server.review.FramePictures;
import org.fulcrum.server.review.FrameStrips;
import org.fulcrum.server.review.Moderation;
import org.fulcrum.server.review.ModerationDecisions;
import org.fulcrum.server.review.Overturns;
import org.fulcrum.server.review.PreservedMedia;
import org.fulcrum.server.review.Queues;
import org.fulcrum.server.review.ReviewConsole;
import org.fulcrum.server.review.ReviewFeature;
import org.fulcrum.server.review.SlaMonitor;
import org.fulcrum.server.review.Statements;
import org.fulcrum.server.review.Strikes;
import org.fulcrum.server.review.Wellbeing;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.transparency.TransparencyLog;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.ProblemMapper;

/**
 * Notices, review and decisions: queues, cases, reporter reputation, safety tasks, strikes,
 * statements of reasons, decisions, intake, appeals, bulk and the SLA monitor (its scan is a job),
 * with the notice, review and appeal endpoints and console pages. The case pages read preserved
 * copies from privacy and matched video frames from detection's table. Franked reports from
 * end-to-end encrypted chats are notices too: the relay key registry and the reports, built with
 * the intake as the listener of verified reports (each becomes a notice) and of refused ones (each
 * counts against the reporter).
 */
public final class ModerationModule implements Module {
    private static final Duration SLA_EVERY = Duration.ofSeconds(30);

    private final Moderation moderation;
    private final Wellbeing wellbeing;
    private final RelayKeyStore relayKeys;
    private final E2eReports e2eReports;
    private final List<Feature> features;

    public ModerationModule(
            Base base,
            StoreModule store,
            AuthModule auth,
            TransparencyModule transparency,
            DeliveryModule delivery,
            PrivacyModule privacy) {
        Database db = store.db();
        Clock clock = base.clock();
        TransparencyLog log = transparency.log();
        Queues queues = new Queues(db, clock);
        Cases cases = new Cases(db, clock, queues);
        ReporterReputation reputation =
                new ReporterReputation(ReporterReputation.Policy.DEFAULTS, delivery.outbox(), log);
        SafetyTasks safety = new SafetyTasks(db);
        Strikes strikes = new Strikes(Strikes.Policy.DEFAULTS);
        Statements statements = new Statements(db, delivery.outbox(), base.json());
        ModerationDecisions decisions = new ModerationDecisions(
                db, clock, delivery.enforcement(), strikes, statements, reputation, delivery.outbox(), log);
        this.moderation = new Moderation(
                new NoticeIntake(db, clock, log, new CaseFolds(db, clock, queues), reputation, safety, base.json()),
                new TrustedFlaggers(db, auth.tokens(), clock),
                reputation,
                safety,
                queues,
                cases,
                decisions,
                strikes,
                statements,
                new Appeals(db, clock, delivery.enforcement(), strikes, reputation, cases, delivery.outbox(), log),
                new Overturns(db, decisions, strikes, delivery.enforcement(), delivery.outbox()),
                new Bulk(db, cases, decisions),
                new SlaMonitor(db, clock, SLA_EVERY));
        this.wellbeing = new Wellbeing(new CriticalExposure(db, clock), new CriticalPause(db, clock));
        auth.account().about(wellbeing::summary);
        PreservedMedia preserved = (subject, n) -> privacy.privacy()
                .media()
                .open(subject, n)
                .map(o -> new PreservedMedia.Copy(o.item().id(), o.item().contentType(), o.bytes()));
        FrameStrips strips = subject -> db.read(h -> VideoMatchFrames.ofSubject(h, base.json(), subject, 5));
        this.relayKeys = new RelayKeyStore(db, clock);
        E2eNotices e2eNotices = new E2eNotices(moderation.notices(), reputation);
        this.e2eReports = new E2eReports(
                db, relayKeys, log, clock, base.json(), base.config().franking(), e2eNotices, e2eNotices);
        this.features = List.of(
                new NoticeFeature(db, clock, moderation.notices(), moderation.flaggers(), safety, base.bodies()),
                new ReviewFeature(
                        db,
                        queues,
                        cases,
                        decisions,
                        moderation.bulk(),
                        moderation.sla(),
                        safety,
                        base.bodies(),
                        base.json()),
                new AppealFeature(db, moderation.appeals(), statements, base.bodies(), base.json()),
                new ReviewConsole(
                        db, moderation, wellbeing, base.pages(), base.media(), preserved, strips, base.json()),
                new FramePictures(
                        db, base.media(), preserved, strips, base.config().video(), base.metrics(), clock, base.json()),
                new NoticeConsole(moderation.flaggers(), safety, base.pages(), clock),
                new E2eFeature(e2eReports, relayKeys, base.bodies(), clock, new ProblemMapper(base.json())));
    }

    @Override
    public List<Feature> features() {
        return features;
    }

    @Override
    public void schedule(Scheduler jobs) {
        jobs.add(moderation.sla().job());
    }

    /** A moderator's exposure to critical material and their break from it. */
    public Wellbeing wellbeing() {
        return wellbeing;
    }

    /** Notices, review, decisions, statements and appeals. */
    public Moderation moderation() {
        return moderation;
    }

    /** The relays whose keys frank end-to-end encrypted messages. */
    public RelayKeyStore relayKeys() {
        return relayKeys;
    }

    /** Franked reports from end-to-end encrypted chats. */
    public E2eReports e2eReports() {
        return e2eReports;
    }
}
