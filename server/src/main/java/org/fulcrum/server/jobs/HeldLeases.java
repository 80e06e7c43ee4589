package org.fulcrum.server.jobs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of singleton jobs this node holds, each trusted for {@link Leases#TRUSTED_FOR} after
 * the renewal that took it: past that the node starts no run of the job, even if the store still
 * names it the holder, so two nodes never start one singleton at once while their clocks agree to
 * within that margin.
 */
final class HeldLeases {
    // Logged under the scheduler's name: operators follow lease changes with the jobs they govern.
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final Time time;
    private final Leases leases;
    /** Until when (monotonic nanoseconds) each lease is trusted. */
    private final Map<String, Long> heldUntil = new ConcurrentHashMap<>();

    HeldLeases(Time time, Leases leases) {
        this.time = time;
        this.leases = leases;
    }

    /** Whether this node may start runs of the singleton job {@code name} now. */
    boolean holds(String name) {
        Long until = heldUntil.get(name);
        return until != null && until - time.nanoseconds() > 0;
    }

    /**
     * Renews or takes the lease of each of {@code singletons}; {@code taken} hears of each lease this
     * node did not hold a moment ago. A lease the store refuses, or cannot renew, lapses here.
     */
    void renew(List<String> singletons, Consumer<String> taken) {
        for (String name : singletons) {
            long asked = time.nanoseconds();
            boolean held;
            try {
                held = leases.take(name, time.milliseconds());
            } catch (RuntimeException e) {
                LOG.atWarn()
                        .setCause(e)
                        .addKeyValue("job", name)
                        .log("could not renew a job lease; it lapses unless renewed");
                continue;
            }
            if (held) {
                Long was = heldUntil.put(name, asked + Leases.TRUSTED_FOR.toNanos());
                if (was == null || was - asked <= 0) {
                    LOG.atInfo()
                            .addKeyValue("job", name)
                            .addKeyValue("node", leases.node())
                            .log("holding the job lease");
                    taken.accept(name);
                }
            } else {
                heldUntil.remove(name);
            }
        }
    }

    /** Trusts no lease any more and, if the scheduler ever {@code started}, gives them up in the store. */
    void giveUp(boolean started) {
        heldUntil.clear();
        if (started) {
            try {
                leases.releaseAll();
            } catch (RuntimeException e) {
                LOG.warn(
                        "could not give up the job leases of node {}; they expire in {}",
                        leases.node(),
                        Leases.LEASE,
                        e);
            }
        }
    }
}
