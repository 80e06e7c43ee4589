package org.fulcrum.server;

import java.util.List;
import org.fulcrum.server.jobs.Scheduler;
import org.fulcrum.server.privacy.Privacy;
import org.fulcrum.server.privacy.PrivacyConsoleFeature;
import org.fulcrum.server.privacy.PrivacyFeature;
import org.fulcrum.server.web.Feature;

/**
 * Retention, legal holds, preserved media, the purge job and data subject requests. Its start
 * begins fetching the media preserved as evidence.
 */
public final class PrivacyModule implements Module {
    private final Privacy privacy;
    private final List<Feature> features;

    public PrivacyModule(Base base, StoreModule store, TransparencyModule transparency, DeliveryModule delivery) {
        this.privacy = new Privacy(
                base.config().dataDir(),
                store.db(),
                base.clock(),
                base.json(),
                delivery.enforcement(),
                transparency.logWriter(),
                base.config().cluster().nodeId(),
                store.evidenceKey(),
                base.media()::fetch);
        PrivacyFeature api = new PrivacyFeature(privacy, base.clock(), base.json());
        this.features = List.of(api, new PrivacyConsoleFeature(privacy, api, base.pages(), base.clock(), base.json()));
    }

    @Override
    public List<Feature> features() {
        return features;
    }

    @Override
    public void schedule(Scheduler jobs) {
        privacy.jobs().forEach(jobs::add);
    }

    @Override
    public void start() {
        privacy.start();
    }

    @Override
    public void close() {
        privacy.close();
    }

    /** Retention, legal holds, the purge job and data subject requests. */
    public Privacy privacy() {
        return privacy;
    }
}
