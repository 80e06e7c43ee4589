package org.fulcrum.server.privacy;

import org.fulcrum.server.support.Postgres;

/** The retention and purge tests on PostgreSQL, each in a freshly migrated database of its own. */
class RetentionPurgePostgresTest extends RetentionPurgeTest {
    @Override
    PrivacyWorld world() throws java.io.IOException {
        return PrivacyWorld.onPostgres(Postgres.migrated());
    }

    @Override
    PrivacyWorld world(String retentionFile) throws java.io.IOException {
        return PrivacyWorld.withRetentionFile(retentionFile, Postgres.migrated());
    }
}
