package org.fulcrum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import org.fulcrum.server.App;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Postgres;
import org.fulcrum.server.support.SharedKeyFiles;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/** A token revoked on one node stops working on every node sharing the database within a second. */
class TokenRevocationTest {

    static final org.fulcrum.server.config.KeyFiles KEYS = SharedKeyFiles.create("fulcrum.log/localhost");

    static Config node(String schema, String name) throws Exception {
        Config c =
                TestApp.config(Files.createTempDirectory("fulcrum-" + name)).withDatabase(Postgres.URL, "", "", schema);
        return SharedKeyFiles.use(c.withCluster(c.cluster().withNodeId(name)), KEYS);
    }

    @Test
    void aTokenRevokedOnOneNodeIsRefusedByTheOtherWithinOneSecond() throws Exception {
        Postgres.require();
        String schema = Postgres.freshSchema();
        try (App a = App.create(node(schema, "revoke-a"), Clock.systemUTC()).start();
                App b = App.create(node(schema, "revoke-b"), Clock.systemUTC()).start()) {
            var issued = a.module(AuthModule.class).tokens().issue("test", Role.PLATFORM, "platform", "to revoke");
            Http onB = new Http(b.baseUrl()).bearer(issued.secret());
            // node B has looked the token up (and may hold it in its cache)
            assertThat(onB.get("/v1/platform/subjects").status()).isEqualTo(200);
            assertThat(onB.get("/v1/platform/subjects").status()).isEqualTo(200);

            a.module(AuthModule.class).tokens().revoke("test", issued.id(), "compromised");
            long revokedAt = System.nanoTime();
            int status;
            do {
                status = onB.get("/v1/platform/subjects").status();
            } while (status == 200
                    && System.nanoTime() - revokedAt < Duration.ofSeconds(6).toNanos());
            Duration took = Duration.ofNanos(System.nanoTime() - revokedAt);
            assertThat(status).isEqualTo(401);
            assertThat(took)
                    .as("revocation reached the other node after " + took.toMillis() + " ms")
                    .isLessThanOrEqualTo(Duration.ofSeconds(1));
        }
    }
}
