package org.fulcrum.server;

import java.util.List;
import org.fulcrum.server.jobs.JobLeases;
import org.fulcrum.server.jobs.JobMetrics;
import org.fulcrum.server.jobs.Scheduler;
import org.fulcrum.server.jobs.Time;

/**
 * The node's one scheduler, holding the jobs every module composed before it declares. Composed after
 * them, it starts running jobs once they have started and stops before any of them closes, so no
 * job runs on a module that is not running.
 */
public final class JobsModule implements Module {
    private final Scheduler jobs;

    public JobsModule(Base base, Time time, StoreModule store, List<Module> declaring) {
        this.jobs = new Scheduler(
                time, new JobLeases(store.db(), base.config().cluster().nodeId()));
        declaring.forEach(m -> m.schedule(jobs));
        JobMetrics.register(base.metrics().registry(), jobs);
    }

    @Override
    public void start() {
        jobs.start();
    }

    @Override
    public void close() {
        jobs.close();
    }

    /** The node's background jobs. */
    public Scheduler jobs() {
        return jobs;
    }
}
