package org.fulcrum.server.privacy;

import org.fulcrum.server.support.MigratedSchema;

/** The retention and purge tests on PostgreSQL, each in the class's schema as freshly migrated. */
class RetentionPurgePostgresTest extends RetentionPurgeTest {
    private static MigratedSchema migrated;

    private static String schema() {
        if (migrated == null) {
            migrated = MigratedSchema.create();
        }
        return migrated.fresh();
    }

    @Override
    PrivacyWorld world() throws java.io.IOException {
        return PrivacyWorld.onPostgres(schema());
    }

    @Override
    PrivacyWorld world(String retentionFile) throws java.io.IOException {
        return PrivacyWorld.withRetentionFile(retentionFile, schema());
    }
}
