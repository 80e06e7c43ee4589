package org.fulcrum.server.privacy;

import org.fulcrum.server.StoreModule;
import org.junit.jupiter.api.BeforeAll;

/** The data subject request tests on PostgreSQL, against the same history. */
class DataSubjectRequestPostgresTest extends DataSubjectRequestTest {
    @BeforeAll
    static void history() throws Exception {
        build(PrivacyWorld.onPostgres());
        org.assertj.core.api.Assertions.assertThat(
                        w.core().module(StoreModule.class).db().dialect())
                .isEqualTo(org.fulcrum.server.store.Dialect.POSTGRES);
    }
}
