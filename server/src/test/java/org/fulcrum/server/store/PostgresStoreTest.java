package org.fulcrum.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresStoreTest extends StoreContract {
    @BeforeAll
    static void start() {
        app = TestApp.postgres(c -> c);
    }

    @Test
    void runsOnPostgresInItsOwnSchema() {
        assertThat(db().dialect()).isEqualTo(Dialect.POSTGRES);
        assertThat(app.queryString("SELECT current_schema()"))
                .isEqualTo(app.app().config().databaseSchema());
    }
}
