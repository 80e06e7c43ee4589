package org.fulcrum.server.exchange;

import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/** A platform on PostgreSQL following a feed: the same properties as on SQLite (see {@link ExchangeTest}). */
class PostgresExchangeTest {
    @Test
    void aFollowerOnPostgresMatchesAHashAddedOnAWithinItsPollInterval() throws Exception {
        try (TestApp a = TestApp.sqlite();
                TestApp b = TestApp.postgres(ExchangeTest::polling)) {
            ExchangeTest.followsWithinThePollInterval(a, b);
        }
    }
}
