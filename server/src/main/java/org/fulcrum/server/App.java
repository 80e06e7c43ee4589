package org.fulcrum.server;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.audit.AuditConsoleFeature;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.auth.ApiTokens;
import org.fulcrum.server.auth.AuthFeature;
import org.fulcrum.server.auth.Credentials;
import org.fulcrum.server.auth.People;
import org.fulcrum.server.auth.Recovery;
import org.fulcrum.server.auth.RecoveryFeature;
import org.fulcrum.server.auth.StaffService;
import org.fulcrum.server.cluster.KafkaActionTransport;
import org.fulcrum.server.cluster.KafkaEventConsumer;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.detect.BankFeature;
import org.fulcrum.server.detect.DetectConsoleFeature;
import org.fulcrum.server.detect.Detection;
import org.fulcrum.server.detect.RuleFeature;
import org.fulcrum.server.detect.VideoMatchFrames;
import org.fulcrum.server.e2e.E2eFeature;
import org.fulcrum.server.e2e.E2eNotices;
import org.fulcrum.server.e2e.E2eReports;
import org.fulcrum.server.e2e.RelayKeyStore;
import org.fulcrum.server.exchange.ExchangeConsole;
import org.fulcrum.server.exchange.ExchangeFeature;
import org.fulcrum.server.exchange.Exchanges;
import org.fulcrum.server.exchange.FeedKey;
import org.fulcrum.server.exchange.Publications;
import org.fulcrum.server.hma.HmaFeature;
import org.fulcrum.server.jobs.JobLeases;
import org.fulcrum.server.jobs.JobMetrics;
import org.fulcrum.server.jobs.Scheduler;
import org.fulcrum.server.jobs.Time;
import org.fulcrum.server.lawful.Lawful;
import org.fulcrum.server.lawful.disclosure.AnswerKey;
import org.fulcrum.server.lawful.web.AuthoritiesConsole;
import org.fulcrum.server.lawful.web.AuthoritiesFeature;
import org.fulcrum.server.lawful.web.ContactFeature;
import org.fulcrum.server.lawful.web.LawfulApiFeature;
import org.fulcrum.server.lawful.web.LegalConsoleFeature;
import org.fulcrum.server.lawful.web.LegalReviewFeature;
import org.fulcrum.server.lawful.web.PortalFeature;
import org.fulcrum.server.notice.NoticeConsole;
import org.fulcrum.server.notice.NoticeFeature;
import org.fulcrum.server.notice.NoticeIntake;
import org.fulcrum.server.notice.ReporterReputation;
import org.fulcrum.server.notice.SafetyTasks;
import org.fulcrum.server.notice.TrustedFlaggers;
import org.fulcrum.server.ops.BacklogMetrics;
import org.fulcrum.server.ops.DocsFeature;
import org.fulcrum.server.ops.OpsFeature;
import org.fulcrum.server.platform.Enforcement;
import org.fulcrum.server.platform.EventIngest;
import org.fulcrum.server.platform.Outbox;
import org.fulcrum.server.platform.OutboxClaims;
import org.fulcrum.server.platform.OutboxDispatcher;
import org.fulcrum.server.platform.PlatformFeature;
import org.fulcrum.server.platform.SqlOutbox;
import org.fulcrum.server.platform.WebhookTransport;
import org.fulcrum.server.policy.Policies;
import org.fulcrum.server.policy.PolicyFeature;
import org.fulcrum.server.privacy.EvidenceKey;
import org.fulcrum.server.privacy.Privacy;
import org.fulcrum.server.privacy.PrivacyConsoleFeature;
import org.fulcrum.server.privacy.PrivacyFeature;
import org.fulcrum.server.review.AppealFeature;
import org.fulcrum.server.review.Appeals;
import org.fulcrum.server.review.Bulk;
import org.fulcrum.server.review.Cases;
import org.fulcrum.server.review.FramePictures;
import org.fulcrum.server.review.FrameStrips;
import org.fulcrum.server.review.HuntProgress;
import org.fulcrum.server.review.MediaProxy;
import org.fulcrum.server.review.Moderation;
import org.fulcrum.server.review.ModerationDecisions;
import org.fulcrum.server.review.PreservedMedia;
import org.fulcrum.server.review.Queues;
import org.fulcrum.server.review.ReviewConsole;
import org.fulcrum.server.review.ReviewFeature;
import org.fulcrum.server.review.SlaMonitor;
import org.fulcrum.server.review.Statements;
import org.fulcrum.server.review.Strikes;
import org.fulcrum.server.review.SweepFeature;
import org.fulcrum.server.review.Sweeps;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Retries;
import org.fulcrum.server.team.OfficerAccountsFeature;
import org.fulcrum.server.team.TeamFeature;
import org.fulcrum.server.transparency.ActionLog;
import org.fulcrum.server.transparency.Checkpointer;
import org.fulcrum.server.transparency.LogEntryPage;
import org.fulcrum.server.transparency.LogFeature;
import org.fulcrum.server.transparency.LogHashes;
import org.fulcrum.server.transparency.LogKeys;
import org.fulcrum.server.transparency.LogWriter;
import org.fulcrum.server.transparency.TransparencyLog;
import org.fulcrum.server.transparency.report.ReportService;
import org.fulcrum.server.transparency.report.ReportsFeature;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.Metrics;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;
import org.fulcrum.server.web.RateLimiter;
import org.fulcrum.server.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of Fulcrum with constructors, in dependency order. The
 * CLI and the tests build the same app.
 */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    public static final String VERSION = Optional.ofNullable(
                    App.class.getPackage().getImplementationVersion())
            .orElse("0.1.0-SNAPSHOT");

    private final Config config;
    private final Clock clock;
    private final Database db;
    private final Scheduler jobs;
    private final Metrics metrics;
    private final Credentials credentials;
    private final Recovery recovery;
    private final StaffService staff;
    private final ApiTokens tokens;
    private final SqlOutbox outbox;
    private final Outbox.Transport transport;
    private final OutboxDispatcher dispatcher;
    private final Enforcement enforcement;
    private final EventIngest ingest;
    private final Optional<KafkaEventConsumer> eventConsumer;
    private final LogKeys logKeys;
    private final LogWriter log;
    private final Checkpointer checkpointer;
    private final ReportService reports;
    private final RelayKeyStore relayKeys;
    private final E2eReports e2eReports;
    private final Moderation moderation;
    private final Detection detection;
    private final Sweeps sweeps;
    private final Policies policies;
    private final Lawful lawful;
    private final Privacy privacy;
    private final Publications publications;
    private final Exchanges exchanges;
    private final OpsFeature ops;
    private final OpenApi openApi;
    private final WebServer web;
    private Optional<String> adminPassword = Optional.empty();

    private App(Config config, Time time) {
        this.config = config;
        this.clock = time.clock();
        this.db = Database.open(config, clock);
        this.jobs = new Scheduler(time, new JobLeases(db, config.cluster().nodeId()));
        AnswerKey answerKey;
        EvidenceKey evidenceKey;
        try {
            // Before anything else runs, so a node with the wrong keys writes nothing.
            this.logKeys = LogKeys.forNode(
                    config.dataDir(), config.cluster().keyFiles().logKey(), config.logOrigin(), db, clock);
            answerKey = AnswerKey.forNode(
                    config.dataDir(), config.cluster().keyFiles().answerKey(), db, clock);
            evidenceKey = EvidenceKey.forNode(
                    config.dataDir(), config.cluster().keyFiles().evidenceKey(), db, clock);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        this.metrics = new Metrics();
        this.credentials = new Credentials(db, clock);
        this.recovery = new Recovery(db, clock);
        this.staff = new StaffService(db, clock, credentials);
        this.tokens = new ApiTokens(db, clock);
        this.outbox = new SqlOutbox(db);
        this.transport = transport(config, clock);
        this.dispatcher = new OutboxDispatcher(
                new OutboxClaims(db, config.cluster().nodeId(), config.cluster().claimLease(), clock),
                outbox,
                transport,
                clock,
                config.outboxMaxBackoff(),
                config.cluster().delivery().concurrency());
        this.enforcement = new Enforcement(outbox, clock);
        this.ingest = new EventIngest(db);
        this.eventConsumer = config.cluster()
                .kafka()
                .filter(k -> k.eventsTopic().isPresent())
                .map(k -> new KafkaEventConsumer(
                        k,
                        config.cluster().nodeId(),
                        ingest,
                        db::healthy,
                        config.maxEventsPerBatch(),
                        config.maxBodyBytes()));
        deliveryMetrics();
        this.log = new LogWriter(LogHashes.load(db));
        this.checkpointer = new Checkpointer(db, log, logKeys, clock);
        enforcement.listen(new ActionLog(log));
        this.relayKeys = new RelayKeyStore(db, clock);
        this.e2eReports = new E2eReports(db, relayKeys, log, clock, config.franking());
        Queues queues = new Queues(db, clock);
        Cases cases = new Cases(db, clock, queues);
        ReporterReputation reputation = new ReporterReputation(ReporterReputation.Policy.DEFAULTS, outbox, log);
        SafetyTasks safety = new SafetyTasks(db);
        Strikes strikes = new Strikes(Strikes.Policy.DEFAULTS);
        Statements statements = new Statements(db, outbox);
        ModerationDecisions decisions =
                new ModerationDecisions(db, clock, enforcement, strikes, statements, reputation, outbox, log);
        this.moderation = new Moderation(
                new NoticeIntake(db, clock, log, cases, reputation, safety),
                new TrustedFlaggers(db, tokens, clock),
                reputation,
                safety,
                queues,
                cases,
                decisions,
                strikes,
                statements,
                new Appeals(db, clock, enforcement, strikes, reputation, cases, outbox, log),
                new Bulk(db, cases, decisions),
                new SlaMonitor(db, clock, Duration.ofSeconds(30)));
        MediaProxy mediaProxy = new MediaProxy(config, clock);
        this.detection = new Detection(
                db,
                clock,
                metrics,
                moderation.notices(),
                decisions,
                config.cluster().nodeId(),
                config.video(),
                mediaProxy::fetchToHash,
                config.cluster().takeOver());
        this.sweeps = new Sweeps(db, clock, decisions);
        ingest.listen(detection.pipeline());
        ingest.hashMediaWith(detection.mediaHasher());
        this.policies = new Policies(config.dataDir(), db, log);
        this.lawful = new Lawful(config.dataDir(), answerKey, db, clock, policies, enforcement, log, metrics);
        this.privacy = new Privacy(
                config.dataDir(),
                db,
                clock,
                enforcement,
                log,
                config.cluster().nodeId(),
                evidenceKey,
                mediaProxy::fetch);
        RateLimiter limiter = new RateLimiter(clock);

        Bodies bodies = new Bodies(config.maxBodyBytes());
        Pages pages = new Pages(() -> db.read(People::load)::name);
        this.openApi = new OpenApi(VERSION);
        List<Feature> features = new ArrayList<>();
        this.ops = new OpsFeature(db, metrics, outbox, pages, () -> openApi);
        features.add(ops);
        features.add(new AuthFeature(staff, credentials, tokens, bodies, pages));
        features.add(new RecoveryFeature(recovery, bodies));
        features.add(new TeamFeature(staff, recovery, tokens, moderation.flaggers(), relayKeys, pages, clock));
        features.add(new OfficerAccountsFeature(recovery, pages));
        features.add(new PlatformFeature(config, db, ingest, bodies, pages));
        this.reports = new ReportService(db, checkpointer);
        features.add(new LogFeature(db, log.hashes(), checkpointer, logKeys, reports::current));
        features.add(new LogEntryPage(db, log.hashes(), checkpointer, logKeys, pages));
        features.add(new ReportsFeature(reports, checkpointer, logKeys, pages, config.publicUrl()));
        E2eNotices e2eNotices = new E2eNotices(moderation.notices(), reputation);
        e2eReports.listen(e2eNotices);
        e2eReports.onRefused(e2eNotices);
        features.add(new E2eFeature(e2eReports, relayKeys, bodies, clock));
        features.add(new NoticeFeature(db, clock, moderation.notices(), moderation.flaggers(), safety));
        features.add(
                new ReviewFeature(db, queues, cases, decisions, moderation.bulk(), moderation.sla(), safety, bodies));
        features.add(new AppealFeature(db, moderation.appeals(), statements, bodies));
        PreservedMedia preserved = (subject, n) -> privacy.media()
                .open(subject, n)
                .map(o -> new PreservedMedia.Copy(o.item().id(), o.item().contentType(), o.bytes()));
        FrameStrips strips = subject -> db.read(h -> VideoMatchFrames.ofSubject(h, subject, 5));
        features.add(new ReviewConsole(db, moderation, pages, mediaProxy, preserved, strips));
        features.add(new FramePictures(db, mediaProxy, preserved, strips, config.video(), metrics, clock));
        features.add(new NoticeConsole(moderation.flaggers(), safety, pages, clock));
        features.add(new PolicyFeature(policies, db, bodies));
        features.add(new BankFeature(detection.banks(), bodies, config.maxBodyBytes()));
        features.add(new HmaFeature(
                db,
                detection.banks(),
                detection.bankIndex(),
                detection.mediaHasher(),
                new MediaProxy(config, clock),
                bodies,
                clock));
        features.add(new RuleFeature(detection.rules(), detection.banks(), detection.hunts(), db, bodies));
        features.add(new DetectConsoleFeature(detection, db, pages));
        FeedKey.KeySealer sealer = new FeedKey.KeySealer() {
            @Override
            public byte[] seal(byte[] plaintext, String associated) {
                return evidenceKey.seal(plaintext, associated);
            }

            @Override
            public Optional<byte[]> open(byte[] sealed, String associated) {
                return evidenceKey.open(sealed, associated);
            }
        };
        FeedKey feedKey = new FeedKey(db, sealer, clock);
        this.publications = new Publications(db, detection.banks(), feedKey);
        this.exchanges = new Exchanges(
                db, detection.banks(), sealer, clock, config.exchange().poll());
        features.add(new ExchangeFeature(
                feedKey, publications, exchanges, detection.banks(), bodies, config.maxBodyBytes()));
        features.add(new ExchangeConsole(feedKey, publications, exchanges, detection.banks(), pages));
        features.add(new SweepFeature(
                sweeps,
                limit -> detection.hunts().list(limit).stream()
                        .map(h -> new HuntProgress.Hunt(
                                h.id(),
                                h.detectorName(),
                                h.status(),
                                h.percent(),
                                h.scanned(),
                                h.total(),
                                h.matched(),
                                h.act()))
                        .toList(),
                bodies,
                pages));
        features.add(new ContactFeature(lawful, pages, this::publicUrl));
        features.add(new LawfulApiFeature(lawful, db, clock, limiter, this::publicUrl));
        features.add(new AuthoritiesFeature(lawful.authorities(), bodies));
        features.add(new LegalReviewFeature(lawful, bodies));
        features.add(new LegalConsoleFeature(lawful, db, pages, clock));
        features.add(new AuthoritiesConsole(lawful.authorities(), pages));
        features.add(new AuditConsoleFeature(db, pages, clock));
        features.add(new DocsFeature(pages));
        features.add(new PortalFeature(lawful, credentials, pages, limiter, clock));
        PrivacyFeature privacyApi = new PrivacyFeature(privacy, clock);
        features.add(privacyApi);
        features.add(new PrivacyConsoleFeature(privacy, privacyApi, pages, clock));
        features.forEach(f -> f.describe(openApi));
        this.web = new WebServer(config, metrics, limiter, new Access(tokens, staff)::check, features);
        schedule();
    }

    /** Every background job of the node, on the one scheduler. */
    private void schedule() {
        dispatcher.schedule(jobs);
        checkpointer.schedule(jobs);
        jobs.add(moderation.sla().job());
        detection.jobs().forEach(jobs::add);
        jobs.add(lawful.jobs().job());
        jobs.add(policies.job());
        jobs.add(publications.job());
        jobs.add(exchanges.job());
        privacy.jobs().forEach(jobs::add);
        JobMetrics.register(metrics.registry(), jobs);
        metrics.registry()
                .register(new BacklogMetrics(db, clock, config.cluster().nodeId()));
        CounterWithCallback.builder()
                .name("fulcrum_store_retries")
                .help("Write units run again after PostgreSQL rolled them back, by reason (deadlock, serialization)")
                .labelNames("reason")
                .callback(cb -> {
                    for (Retries.Reason r : Retries.Reason.values()) {
                        cb.call(db.retries().count(r), r.name());
                    }
                })
                .register(metrics.registry());
    }

    /** Kafka in cluster mode, the webhook in embedded mode, or a refusal that keeps actions pending. */
    private static Outbox.Transport transport(Config config, Clock clock) {
        if (config.cluster().kafka().isPresent()) {
            return new KafkaActionTransport(
                    config.cluster().kafka().get(), config.cluster().nodeId());
        }
        return config.webhookUrl()
                .<Outbox.Transport>map(url -> new WebhookTransport(
                        url,
                        config.webhookSecret(),
                        clock,
                        config.webhookTimeout(),
                        config.cluster().delivery().webhookBatch()))
                .orElse(envelope -> new Outbox.Delivery.Failed(null, "no webhook URL is configured"));
    }

    /** What this node delivered and, in cluster mode, what it read from the events topic. */
    private void deliveryMetrics() {
        CounterWithCallback.builder()
                .name("fulcrum_outbox_delivered")
                .help("Actions this node delivered to the platform since it started")
                .callback(cb -> cb.call(dispatcher.deliveredCount()))
                .register(metrics.registry());
        eventConsumer.ifPresent(consumer -> CounterWithCallback.builder()
                .name("fulcrum_kafka_events")
                .help("Content events this node read from Kafka since it started, by outcome")
                .labelNames("outcome")
                .callback(cb -> {
                    KafkaEventConsumer.Stats stats = consumer.stats();
                    cb.call(stats.accepted(), "accepted");
                    cb.call(stats.duplicates(), "duplicate");
                    cb.call(stats.deadLettered(), "dead_letter");
                })
                .register(metrics.registry()));
        eventConsumer.ifPresent(consumer -> io.prometheus.metrics.core.metrics.GaugeWithCallback.builder()
                .name("fulcrum_kafka_consumer_lag")
                .help("The most content events this node's partitions trail the topic's end by (records-lag-max)")
                .callback(cb -> cb.call(consumer.lag()))
                .register(metrics.registry()));
    }

    /** An app whose background jobs run on real time, reading {@code clock} for the time of day. */
    public static App create(Config config, Clock clock) {
        return new App(config, Time.system(clock));
    }

    /** An app on {@code time}: its clock and the time its background jobs run on. */
    public static App create(Config config, Time time) {
        return new App(config, time);
    }

    /** Starts serving; on first start creates the admin and keeps its one-time password. */
    public App start() {
        adminPassword = staff.bootstrapAdmin();
        eventConsumer.ifPresent(KafkaEventConsumer::start);
        checkpointer.checkpoint();
        detection.start();
        sweeps.resumeRunning();
        jobs.start();
        privacy.start();
        web.start();
        ops.markReady();
        LOG.atInfo()
                .addKeyValue("port", web.port())
                .addKeyValue("store", db.dialect().name().toLowerCase())
                .addKeyValue("data", config.dataDir().toString())
                .addKeyValue("node", config.cluster().nodeId())
                .addKeyValue("mode", config.clustered() ? "cluster" : "embedded")
                .log("fulcrum started");
        return this;
    }

    /** Banks followed from other platforms' feeds. */
    public Exchanges exchanges() {
        return exchanges;
    }

    /** Banks published as feeds. */
    public Publications publications() {
        return publications;
    }

    /** Notices, review, decisions, statements and appeals. */
    public Moderation moderation() {
        return moderation;
    }

    public int port() {
        return web.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * The URL under which clients reach this deployment ({@code public.url}), without a trailing
     * slash; when none is configured and the port is picked at start (port 0), the bound address.
     */
    public String publicUrl() {
        String configured = config.publicUrl().replaceAll("/+$", "");
        return configured.endsWith(":0") ? baseUrl() : configured;
    }

    /** The first admin's one-time password, present only on the start that created it. */
    public Optional<String> adminPassword() {
        return adminPassword;
    }

    /** Hash banks, text and URL rules, the detection pipeline and retro-hunts. */
    public Detection detection() {
        return detection;
    }

    public Config config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public Database db() {
        return db;
    }

    /** The node's background jobs. */
    public Scheduler jobs() {
        return jobs;
    }

    /** The port of the management listener serving {@code /metrics}, when one is configured. */
    public Optional<Integer> managementPort() {
        return web.managementPort();
    }

    public ApiTokens tokens() {
        return tokens;
    }

    public StaffService staff() {
        return staff;
    }

    public Credentials credentials() {
        return credentials;
    }

    public Recovery recovery() {
        return recovery;
    }

    public Enforcement enforcement() {
        return enforcement;
    }

    public EventIngest ingest() {
        return ingest;
    }

    public SqlOutbox outbox() {
        return outbox;
    }

    public OutboxDispatcher dispatcher() {
        return dispatcher;
    }

    /** The consumer of the content-events topic, in cluster mode with an events topic. */
    public Optional<KafkaEventConsumer> eventConsumer() {
        return eventConsumer;
    }

    /** The one append path of the transparency log. */
    public TransparencyLog log() {
        return log;
    }

    public LogWriter logWriter() {
        return log;
    }

    public Checkpointer checkpointer() {
        return checkpointer;
    }

    public ReportService reports() {
        return reports;
    }

    public LogKeys logKeys() {
        return logKeys;
    }

    public RelayKeyStore relayKeys() {
        return relayKeys;
    }

    public E2eReports e2eReports() {
        return e2eReports;
    }

    public Policies policies() {
        return policies;
    }

    public Lawful lawful() {
        return lawful;
    }

    /** Retention, legal holds, the purge job and data subject requests. */
    public Privacy privacy() {
        return privacy;
    }

    public OpenApi openApi() {
        return openApi;
    }

    /** Every route the server serves, as "METHOD path". */
    public List<String> routes() {
        return web.routes();
    }

    /**
     * Leaves without failing a request: readiness turns false, the node keeps serving for the
     * configured drain so load balancers stop routing to it, then stops listening and lets requests
     * in flight finish; background work stops, the outbox claims are released, and the store closes.
     */
    @Override
    public void close() {
        ops.drain();
        long drainMillis = config.cluster().shutdown().drain().toMillis();
        if (drainMillis > 0) {
            LOG.info("draining for {} ms before the listener stops", drainMillis);
            try {
                Thread.sleep(drainMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        web.stop();
        eventConsumer.ifPresent(KafkaEventConsumer::close);
        sweeps.close();
        detection.close();
        jobs.close();
        privacy.close();
        dispatcher.close();
        if (transport instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("closing the outbox transport failed", e);
            }
        }
        db.close();
        LOG.info("fulcrum stopped");
    }
}
