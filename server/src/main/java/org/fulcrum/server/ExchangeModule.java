package org.fulcrum.server;

import java.util.List;
import java.util.Optional;
import org.fulcrum.server.exchange.ExchangeConsole;
import org.fulcrum.server.exchange.ExchangeFeature;
import org.fulcrum.server.exchange.Exchanges;
import org.fulcrum.server.exchange.FeedKey;
import org.fulcrum.server.exchange.Publications;
import org.fulcrum.server.jobs.Scheduler;
import org.fulcrum.server.privacy.EvidenceKey;
import org.fulcrum.server.web.Feature;

/**
 * Hash sharing between platforms: the feed key (its seed sealed under the evidence key), banks
 * published as feeds and feeds followed into local banks; each side's copying is a job.
 */
public final class ExchangeModule implements Module {
    private final Publications publications;
    private final Exchanges exchanges;
    private final List<Feature> features;

    public ExchangeModule(Base base, StoreModule store, DetectionModule detection) {
        FeedKey.KeySealer sealer = sealer(store.evidenceKey());
        FeedKey feedKey = new FeedKey(store.db(), sealer, base.clock());
        var banks = detection.detection().banks();
        this.publications = new Publications(store.db(), banks, feedKey, base.json());
        this.exchanges = new Exchanges(
                store.db(),
                banks,
                sealer,
                base.clock(),
                base.json(),
                base.config().exchange().poll());
        this.features = List.of(
                new ExchangeFeature(
                        feedKey,
                        publications,
                        exchanges,
                        banks,
                        base.bodies(),
                        base.json(),
                        base.config().maxBodyBytes()),
                new ExchangeConsole(feedKey, publications, exchanges, banks, base.pages()));
    }

    private static FeedKey.KeySealer sealer(EvidenceKey evidenceKey) {
        return new FeedKey.KeySealer() {
            @Override
            public byte[] seal(byte[] plaintext, String associated) {
                return evidenceKey.seal(plaintext, associated);
            }

            @Override
            public Optional<byte[]> open(byte[] sealed, String associated) {
                return evidenceKey.open(sealed, associated);
            }
        };
    }

    @Override
    public List<Feature> features() {
        return features;
    }

    @Override
    public void schedule(Scheduler jobs) {
        jobs.add(publications.job());
        jobs.add(exchanges.job());
    }

    /** Banks published as feeds. */
    public Publications publications() {
        return publications;
    }

    /** Banks followed from other platforms' feeds. */
    public Exchanges exchanges() {
        return exchanges;
    }
}
