package org.fulcrum.server;

import java.util.List;
import org.fulcrum.server.jobs.Scheduler;
import org.fulcrum.server.policy.Policies;
import org.fulcrum.server.policy.PolicyFeature;
import org.fulcrum.server.web.Feature;

/** Global principles and jurisdiction profiles, their versions in the log, and the job that follows them. */
public final class PolicyModule implements Module {
    private final Policies policies;
    private final List<Feature> features;

    public PolicyModule(Base base, StoreModule store, TransparencyModule transparency) {
        this.policies = new Policies(base.config().dataDir(), store.db(), transparency.log());
        this.features = List.of(new PolicyFeature(policies, store.db(), base.bodies()));
    }

    @Override
    public List<Feature> features() {
        return features;
    }

    @Override
    public void schedule(Scheduler jobs) {
        jobs.add(policies.job());
    }

    public Policies policies() {
        return policies;
    }
}
