package org.fulcrum.server.jobs;

import java.time.Duration;

/**
 * Leases on singleton jobs, shared by the nodes of a cluster: a node runs a singleton job only
 * while it holds the job's lease. {@link JobLeases} keeps them in the database.
 */
public interface Leases {
    /** How long a lease lasts from its last renewal. */
    Duration LEASE = Duration.ofSeconds(10);
    /** How often a node renews its leases and tries to take the expired ones. */
    Duration RENEW_EVERY = Duration.ofSeconds(3);
    /**
     * How long after its last renewal a node keeps starting runs of a job: half the lease, so a
     * holder stops before anyone else may take over, even with the nodes' clocks seconds apart.
     */
    Duration TRUSTED_FOR = LEASE.dividedBy(2);
    /**
     * The longest a singleton job goes without a holder after its holder dies: the lease left
     * after the last renewal, plus one renewal period of the node that takes it over.
     */
    Duration TAKE_OVER_WITHIN = LEASE.plus(RENEW_EVERY);

    /** This node's name. */
    String node();

    /** Takes or renews the lease on {@code job} until {@code nowMillis + LEASE}; false when another node holds it. */
    boolean take(String job, long nowMillis);

    /** Gives up every lease this node holds, so another node takes over at its next renewal. */
    void releaseAll();
}
