package org.fulcrum.server;

import java.util.List;
import org.fulcrum.server.jobs.Scheduler;
import org.fulcrum.server.lawful.Lawful;
import org.fulcrum.server.lawful.web.AuthoritiesConsole;
import org.fulcrum.server.lawful.web.AuthoritiesFeature;
import org.fulcrum.server.lawful.web.ContactFeature;
import org.fulcrum.server.lawful.web.LawfulApiFeature;
import org.fulcrum.server.lawful.web.LegalConsoleFeature;
import org.fulcrum.server.lawful.web.LegalReviewFeature;
import org.fulcrum.server.lawful.web.PortalBrowsersFeature;
import org.fulcrum.server.lawful.web.PortalFeature;
import org.fulcrum.server.policy.Policies;
import org.fulcrum.server.policy.PolicyFeature;
import org.fulcrum.server.web.Feature;

/**
 * Lawful requests and the policy they are decided by: global principles and jurisdiction profiles
 * (their versions in the log, a job that follows them), the three lanes, legal review, disclosures,
 * authorities, the officer portal and the point of contact; its job runs the request clocks.
 */
public final class LawfulModule implements Module {
    private final Policies policies;
    private final Lawful lawful;
    private final List<Feature> features;

    public LawfulModule(
            Base base, StoreModule store, AuthModule auth, TransparencyModule transparency, DeliveryModule delivery) {
        this.policies = new Policies(base.config().dataDir(), store.db(), transparency.log());
        this.lawful = new Lawful(
                base.config().dataDir(),
                store.answerKey(),
                store.db(),
                base.clock(),
                base.json(),
                policies,
                delivery.enforcement(),
                transparency.log(),
                base.metrics(),
                auth.credentials().passwords());
        this.features = List.of(
                new PolicyFeature(policies, store.db(), base.bodies()),
                new ContactFeature(lawful, base.pages(), base.publicUrl()),
                new LawfulApiFeature(
                        lawful, store.db(), base.clock(), base.limiter(), base.publicUrl(), base.bodies(), base.json()),
                new AuthoritiesFeature(lawful.authorities(), base.bodies()),
                new LegalReviewFeature(lawful, base.bodies(), base.json()),
                new LegalConsoleFeature(lawful, store.db(), base.pages(), base.clock(), base.json()),
                new AuthoritiesConsole(lawful.authorities(), base.pages(), base.json()),
                new PortalFeature(
                        lawful,
                        auth.credentials(),
                        auth.browsers(),
                        base.pages(),
                        base.limiter(),
                        base.clock(),
                        base.json()),
                new PortalBrowsersFeature(auth.credentials(), auth.browsers()));
    }

    @Override
    public List<Feature> features() {
        return features;
    }

    @Override
    public void schedule(Scheduler jobs) {
        jobs.add(policies.job());
        jobs.add(lawful.jobs().job());
    }

    /** Global principles and jurisdiction profiles, as this node follows them. */
    public Policies policies() {
        return policies;
    }

    public Lawful lawful() {
        return lawful;
    }
}
