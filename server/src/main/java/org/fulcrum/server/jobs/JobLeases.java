package org.fulcrum.server.jobs;

import java.time.Duration;
import org.fulcrum.server.store.Database;

/**
 * The {@code job_lease} table: one row per singleton job naming the node that runs it and until
 * when. Taking and renewing are one conditional upsert, atomic on SQLite and PostgreSQL alike: it
 * writes only when the row is missing, already this node's, or expired.
 */
public final class JobLeases {
    /** How long a lease lasts from its last renewal. */
    public static final Duration LEASE = Duration.ofSeconds(10);
    /** How often a node renews its leases and tries to take the expired ones. */
    public static final Duration RENEW_EVERY = Duration.ofSeconds(3);
    /**
     * How long after its last renewal a node keeps starting runs of a job: half the lease, so a
     * holder stops before anyone else may start, even with the nodes' clocks a few seconds apart.
     */
    public static final Duration TRUSTED_FOR = LEASE.dividedBy(2);

    private final Database db;
    private final String node;

    public JobLeases(Database db, String node) {
        this.db = db;
        this.node = node;
    }

    public String node() {
        return node;
    }

    /** Takes or renews the lease on {@code job} until {@code now + LEASE}; false when another node holds it. */
    public boolean take(String job, long nowMillis) {
        return db.writeAlone(tx -> tx.handle().createUpdate("""
                        INSERT INTO job_lease (job, holder, expires_at) VALUES (:job, :node, :until)
                        ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                        WHERE job_lease.holder = excluded.holder OR job_lease.expires_at < :now""")
                .bind("job", job).bind("node", node).bind("until", nowMillis + LEASE.toMillis()).bind("now", nowMillis)
                .execute()) == 1;
    }

    /** Gives up every lease this node holds, so another node takes over at its next renewal. */
    public void releaseAll() {
        db.writeAlone(tx -> tx.handle().createUpdate("DELETE FROM job_lease WHERE holder = :node")
                .bind("node", node).execute());
    }
}
