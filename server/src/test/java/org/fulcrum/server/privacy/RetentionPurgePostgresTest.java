package org.fulcrum.server.privacy;

/** The retention and purge tests on PostgreSQL. */
class RetentionPurgePostgresTest extends RetentionPurgeTest {
    @Override
    PrivacyWorld world() throws java.io.IOException {
        return PrivacyWorld.onPostgres();
    }

    @Override
    PrivacyWorld world(String retentionFile) throws java.io.IOException {
        return PrivacyWorld.withRetentionFile(retentionFile, true);
    }
}
