package org.fulcrum.server;

import java.util.List;
import org.fulcrum.server.detect.BankExport;
import org.fulcrum.server.detect.BankFeature;
import org.fulcrum.server.detect.DetectConsoleFeature;
import org.fulcrum.server.detect.Detection;
import org.fulcrum.server.detect.RuleFeature;
import org.fulcrum.server.hma.HmaFeature;
import org.fulcrum.server.jobs.Scheduler;
import org.fulcrum.server.review.HuntProgress;
import org.fulcrum.server.review.SweepFeature;
import org.fulcrum.server.review.Sweeps;
import org.fulcrum.server.web.Feature;

/**
 * Detection and what acts on its scale: hash banks, rules, the pipeline, retro-hunts, the HMA API,
 * and sweeps (one decision for every subject a query selects). Its start loads the banks and starts
 * the pipeline, then resumes the sweeps that were running; closing it stops the sweeps, then the
 * hunts and the pipeline.
 */
public final class DetectionModule implements Module {
    private final Detection detection;
    private final Sweeps sweeps;
    private final List<Feature> features;

    public DetectionModule(Base base, StoreModule store, ModerationModule moderation) {
        var config = base.config();
        this.detection = new Detection(
                store.db(),
                base.clock(),
                base.json(),
                base.metrics(),
                moderation.moderation().notices(),
                moderation.moderation().decisions(),
                config.cluster().nodeId(),
                config.video(),
                base.media()::fetchToHash,
                config.cluster().takeOver());
        this.sweeps =
                new Sweeps(store.db(), base.clock(), moderation.moderation().decisions(), base.json());
        this.features = List.of(
                new BankFeature(
                        detection.banks(),
                        new BankExport(store.db(), detection.banks()),
                        base.bodies(),
                        config.maxBodyBytes()),
                new HmaFeature(
                        store.db(),
                        detection.banks(),
                        detection.bankIndex(),
                        detection.mediaHasher(),
                        base.media(),
                        base.bodies(),
                        base.clock(),
                        base.json()),
                new RuleFeature(detection.rules(), detection.banks(), detection.hunts(), base.bodies()),
                new DetectConsoleFeature(detection, store.db(), base.pages()),
                new SweepFeature(
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
                        base.bodies(),
                        base.pages()));
    }

    @Override
    public List<Feature> features() {
        return features;
    }

    @Override
    public void schedule(Scheduler jobs) {
        detection.jobs().forEach(jobs::add);
    }

    @Override
    public void start() {
        detection.start();
        sweeps.resumeRunning();
    }

    @Override
    public void close() {
        sweeps.close();
        detection.close();
    }

    /** Hash banks, text and URL rules, the detection pipeline and retro-hunts. */
    public Detection detection() {
        return detection;
    }

    public Sweeps sweeps() {
        return sweeps;
    }
}
