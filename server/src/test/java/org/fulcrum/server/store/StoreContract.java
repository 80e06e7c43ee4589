package org.fulcrum.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The store's contract, run against SQLite and PostgreSQL by the two subclasses. */
abstract class StoreContract {
    static TestApp app;

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    Database db() {
        return app.app().module(StoreModule.class).db();
    }

    @Test
    void migrationsCreatedTheSchema() {
        for (String table :
                List.of("subject", "content_event", "outbox", "staff", "staff_role", "api_token", "audit")) {
            assertThat(app.count(table)).as(table).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void anAcknowledgedWriteIsVisibleToReaders() {
        db().write(tx -> tx.handle().createUpdate("""
                INSERT INTO audit (id, at, actor, action) VALUES ('au_contract_1', 1, 'test', 'contract')""").execute());
        assertThat(app.queryString("SELECT actor FROM audit WHERE id = 'au_contract_1'"))
                .isEqualTo("test");
    }

    @Test
    void aFailingUnitIsRolledBackAloneWhileOthersInItsGroupCommit() throws Exception {
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                futures.add(pool.submit(() -> db().write(tx -> {
                    tx.handle()
                            .createUpdate("INSERT INTO audit (id, at, actor, action) VALUES (:id, 1, 'g', 'group')")
                            .bind("id", "au_group_" + n)
                            .execute();
                    if (n % 10 == 0) {
                        throw new IllegalStateException("unit " + n + " fails");
                    }
                    return n;
                })));
            }
            int failed = 0;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
                    failed++;
                }
            }
            assertThat(failed).isEqualTo(20);
        }
        assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE action = 'group'"))
                .isEqualTo(180);
    }

    @Test
    void aUniqueViolationFailsOnlyItsUnit() {
        db().write(tx -> tx.handle()
                .createUpdate("INSERT INTO audit (id, at, actor, action) VALUES ('au_unique', 1, 'u', 'unique')")
                .execute());
        assertThatThrownBy(() -> db().write(tx -> tx.handle()
                        .createUpdate(
                                "INSERT INTO audit (id, at, actor, action) VALUES ('au_unique', 2, 'u', 'unique')")
                        .execute()))
                .isInstanceOf(RuntimeException.class);
        assertThat(app.queryLong("SELECT at FROM audit WHERE id = 'au_unique'")).isEqualTo(1L);
    }

    @Test
    void afterCommitHooksRunOnlyForCommittedUnits() {
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        db().write(tx -> {
            tx.afterCommit(() -> ran.add("committed"));
            return null;
        });
        assertThatThrownBy(() -> db().write(tx -> {
            tx.afterCommit(() -> ran.add("rolled back"));
            throw new IllegalStateException("no");
        }));
        assertThat(ran).containsExactly("committed");
    }

    @Test
    void eventsRoundTripThroughTheApi() {
        var r = app.platform()
                .postJson("/v1/platform/events", org.fulcrum.server.support.Events.batch(0, 25, "contract"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(app.platform().get("/v1/platform/subjects/contract-post-24").status())
                .isEqualTo(200);
    }

    @Test
    void theLogAppendsAndProvesOnThisStore() {
        for (int i = 0; i < 300; i++) {
            int n = i;
            db().write(tx -> app.app()
                    .module(TransparencyModule.class)
                    .log()
                    .append(
                            tx,
                            org.fulcrum.server.transparency.LogEntry.of(
                                    org.fulcrum.server.transparency.EntryKind.notice_received,
                                    tx.now(),
                                    "FR",
                                    null,
                                    "received",
                                    java.util.Map.of("n", n),
                                    java.util.Map.of(),
                                    null)));
        }
        var cp = app.app()
                .module(TransparencyModule.class)
                .checkpointer()
                .checkpoint()
                .checkpoint();
        assertThat(cp.size()).isGreaterThanOrEqualTo(300);
        var proof = app.http()
                .get("/v1/log/proof/inclusion?index=299&size=" + cp.size())
                .json();
        java.util.List<byte[]> hashes = new ArrayList<>();
        proof.get("proof").forEach(p -> hashes.add(java.util.Base64.getDecoder().decode(p.asText())));
        org.fulcrum.tlog.merkle.Proofs.verifyInclusion(
                299,
                cp.size(),
                java.util.Base64.getDecoder().decode(proof.get("leafHash").asText()),
                hashes,
                cp.rootHash());
    }
}
