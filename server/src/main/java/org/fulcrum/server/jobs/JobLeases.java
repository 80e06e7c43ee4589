package org.fulcrum.server.jobs;

import org.fulcrum.server.store.Database;

/**
 * The {@code job_lease} table: one row per singleton job naming the node that runs it and until
 * when. Taking and renewing are one conditional upsert, atomic on SQLite and PostgreSQL alike: it
 * writes only when the row is missing, already this node's, or expired.
 */
public final class JobLeases implements Leases {
    private final Database db;
    private final String node;

    public JobLeases(Database db, String node) {
        this.db = db;
        this.node = node;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public boolean take(String job, long nowMillis) {
        return db.writeAlone(tx -> tx.handle()
                        .createUpdate("""
                        INSERT INTO job_lease (job, holder, expires_at) VALUES (:job, :node, :until)
                        ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                        WHERE job_lease.holder = excluded.holder OR job_lease.expires_at < :now""")
                        .bind("job", job)
                        .bind("node", node)
                        .bind("until", nowMillis + LEASE.toMillis())
                        .bind("now", nowMillis)
                        .execute())
                == 1;
    }

    @Override
    public void releaseAll() {
        db.writeAlone(tx -> tx.handle()
                .createUpdate("DELETE FROM job_lease WHERE holder = :node")
                .bind("node", node)
                .execute());
    }
}
