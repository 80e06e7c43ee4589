package org.fulcrum.server;

import java.util.List;
import org.fulcrum.server.e2e.E2eFeature;
import org.fulcrum.server.e2e.E2eNotices;
import org.fulcrum.server.e2e.E2eReports;
import org.fulcrum.server.e2e.RelayKeyStore;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.ProblemMapper;

/**
 * Franked reports from end-to-end encrypted chats: the relay key registry and the reports,
 * built with moderation's intake as the listener of verified reports (each becomes a notice) and of
 * refused ones (each counts against the reporter).
 */
public final class E2eModule implements Module {
    private final RelayKeyStore relayKeys;
    private final E2eReports reports;
    private final List<Feature> features;

    public E2eModule(Base base, StoreModule store, TransparencyModule transparency, ModerationModule moderation) {
        this.relayKeys = new RelayKeyStore(store.db(), base.clock());
        E2eNotices notices = new E2eNotices(
                moderation.moderation().notices(), moderation.moderation().reputation());
        this.reports = new E2eReports(
                store.db(),
                relayKeys,
                transparency.log(),
                base.clock(),
                base.json(),
                base.config().franking(),
                notices,
                notices);
        this.features = List.of(
                new E2eFeature(reports, relayKeys, base.bodies(), base.clock(), new ProblemMapper(base.json())));
    }

    @Override
    public List<Feature> features() {
        return features;
    }

    public RelayKeyStore relayKeys() {
        return relayKeys;
    }

    public E2eReports e2eReports() {
        return reports;
    }
}
