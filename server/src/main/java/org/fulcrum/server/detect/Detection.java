package org.fulcrum.server.detect;

import java.time.Clock;
import java.util.List;
import org.fulcrum.server.config.ClusterConfig;
import org.fulcrum.server.config.VideoConfig;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.jobs.Job;
import org.fulcrum.server.notice.NoticeIntake;
import org.fulcrum.server.review.ModerationDecisions;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Metrics;

/**
 * The detection services as the composition root builds them: banks and rules (stored and in
 * memory), the scanner, the pipeline over content events, media hashing, and retro-hunts.
 */
public final class Detection implements AutoCloseable {
    private final Database db;
    private final BankIndex bankIndex = new BankIndex();
    private final RuleSet ruleSet;
    private final Banks banks;
    private final Rules rules;
    private final Scanner scanner;
    private final DetectionPipeline pipeline;
    private final RetroHunts hunts;
    private final VersionWatch watch;
    private final BankFeed feed;
    private final MediaHasher mediaHasher;

    /**
     * @param nodeId this node's id, recorded with its bank changes
     * @param video bounds on the videos media hashing decodes
     * @param fetcher fetches media that events name by address only
     * @param takeOver when a dead node's detection backlog is taken over
     */
    public Detection(
            Database db,
            Clock clock,
            Json json,
            Metrics metrics,
            NoticeIntake notices,
            ModerationDecisions decisions,
            String nodeId,
            VideoConfig video,
            MediaHasher.Fetcher fetcher,
            ClusterConfig.TakeOver takeOver) {
        int workers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        this.db = db;
        this.ruleSet = new RuleSet(json);
        this.banks = new Banks(db, clock, bankIndex, nodeId);
        this.rules = new Rules(db, clock, ruleSet, json);
        this.scanner = new Scanner(bankIndex, ruleSet);
        Responder responder = new Responder(notices, decisions, json);
        this.pipeline =
                new DetectionPipeline(db, scanner, responder, json, metrics, workers, 20_000, 32L << 20, takeOver);
        pipeline.readBacklog();
        this.hunts = new RetroHunts(db, clock, json, scanner, responder);
        this.feed = new BankFeed(db, bankIndex, banks.changes(), clock, metrics);
        this.watch = new VersionWatch(db, feed, ruleSet);
        this.mediaHasher = new MediaHasher(workers, 64, video, fetcher);
    }

    /** Loads banks and rules, then starts the workers; the version watch runs as one of {@link #jobs()}. */
    public Detection start() {
        feed.start();
        ruleSet.loadAll(db);
        pipeline.start();
        return this;
    }

    public Banks banks() {
        return banks;
    }

    public Rules rules() {
        return rules;
    }

    public Scanner scanner() {
        return scanner;
    }

    public DetectionPipeline pipeline() {
        return pipeline;
    }

    public RetroHunts hunts() {
        return hunts;
    }

    /** Hashes media bytes sent with events, on a bounded pool. */
    public MediaHasher mediaHasher() {
        return mediaHasher;
    }

    public BankIndex bankIndex() {
        return bankIndex;
    }

    /** Whole reloads of the banks since start (the first load included); changes arrive as deltas. */
    public long bankReloads() {
        return feed.reloads();
    }

    /** Bank changes of other nodes applied here as deltas. */
    public long bankChangesApplied() {
        return feed.applied();
    }

    /** Reads and applies the other nodes' bank changes now (the watch does it every period). */
    public int followBankChanges() {
        return feed.poll();
    }

    /** Plugs an external classifier into the pipeline. */
    public void register(Classifier.Hook hook) {
        scanner.register(hook);
    }

    /**
     * The background jobs of detection: the watch that follows other nodes' bank and rule changes,
     * and the sweep that takes over events a dead node committed but did not scan.
     */
    public List<Job> jobs() {
        return List.of(watch.job(), pipeline.sweepJob());
    }

    /** Stops the hunts, then lets the workers finish what was accepted. */
    @Override
    public void close() {
        hunts.close();
        pipeline.close();
        mediaHasher.close();
    }
}
