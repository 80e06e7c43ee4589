package org.fulcrum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.fulcrum.server.App;
import org.fulcrum.server.OpsModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.KeyFiles;
import org.fulcrum.server.jobs.Job;
import org.fulcrum.server.jobs.Leases;
import org.fulcrum.server.jobs.Scheduler;
import org.fulcrum.server.privacy.RetentionFile;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.Postgres;
import org.fulcrum.server.support.SharedKeyFiles;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL schema, on one manual time: each singleton job (purge, SLA monitor,
 * checkpointer, lawful clocks) runs on one node only, through its lease in {@code job_lease}, and
 * when that node dies without giving its leases up the other runs them within
 * {@link Leases#TAKE_OVER_WITHIN}.
 */
class SingletonJobsTest {
    static final KeyFiles KEYS = SharedKeyFiles.create("fulcrum.log/localhost");
    static final List<String> SINGLETONS = List.of("review.sla", "privacy.purge", "lawful.clocks", "log.checkpoint");

    final ManualTime time = ManualTime.startingNow();
    App first;
    App second;

    static Config node(String schema, String name) throws Exception {
        java.nio.file.Path dir = Files.createTempDirectory("fulcrum-" + name);
        // A purge every minute, so the test sees purge runs without moving hours.
        Files.createDirectories(dir.resolve("policy"));
        Files.writeString(dir.resolve("policy").resolve(RetentionFile.FILE), """
                periods:
                  content_events: P7D
                purge_interval_minutes: 1
                """);
        Config c = TestApp.config(dir).withDatabase(Postgres.URL, "", "", schema);
        return SharedKeyFiles.use(c.withCluster(c.cluster().withNodeId(name)), KEYS);
    }

    @BeforeEach
    void twoNodes() throws Exception {
        Postgres.require();
        String schema = Postgres.freshSchema();
        first = App.create(node(schema, "first"), time).start();
        second = App.create(node(schema, "second"), time).start();
    }

    @AfterEach
    void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    static Map<String, Scheduler.Stats> stats(App app) {
        return app.module(OpsModule.class).jobs().stats().stream()
                .collect(Collectors.toMap(Scheduler.Stats::job, s -> s));
    }

    Map<String, String> holders() {
        return first
                .module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT job, holder FROM job_lease")
                        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                        .list())
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void eachSingletonJobRunsOnOneNodeOnly() {
        time.advance(Duration.ofMinutes(2));
        Map<String, Scheduler.Stats> onFirst = stats(first);
        Map<String, Scheduler.Stats> onSecond = stats(second);
        for (String job : SINGLETONS) {
            assertThat(onFirst.get(job).scope()).isEqualTo(Job.Scope.SINGLETON);
            assertThat(onFirst.get(job).runs()).as(job + " on the holder").isPositive();
            assertThat(onFirst.get(job).leaseHeld())
                    .as(job + " held by the first node")
                    .isTrue();
            assertThat(onSecond.get(job).runs()).as(job + " on the other node").isZero();
            assertThat(onSecond.get(job).leaseHeld()).isFalse();
        }
        assertThat(holders()).containsAllEntriesOf(SINGLETONS.stream().collect(Collectors.toMap(j -> j, j -> "first")));
        // Per-node jobs run on both.
        assertThat(onSecond.get("detect.versions").runs()).isPositive();
        assertThat(onSecond.get("outbox.dispatch.0").runs()).isPositive();
        List<String> purgedBy = first.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT DISTINCT node FROM purge_run")
                        .mapTo(String.class)
                        .list());
        assertThat(purgedBy).containsExactly("first");
    }

    @Test
    void theOtherNodeTakesOverWithinTheBoundWhenTheHolderDies() {
        time.advance(Duration.ofSeconds(20));
        // The first node stops dead: no more renewals, its leases left in the table to expire.
        time.stopDriving(first.module(OpsModule.class).jobs());
        Instant died = time.instant();
        Map<String, Long> before = stats(second).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().runs()));
        time.advance(Leases.LEASE.minus(Leases.RENEW_EVERY).minusMillis(1));
        assertThat(holders().values()).containsOnly("first");
        assertThat(stats(second).get("review.sla").runs()).isEqualTo(before.get("review.sla"));

        Instant tookOver = null;
        while (tookOver == null && time.instant().isBefore(died.plus(Duration.ofMinutes(1)))) {
            time.advance(Duration.ofMillis(500));
            if (stats(second).get("review.sla").runs() > before.get("review.sla")) {
                tookOver = time.instant();
            }
        }
        assertThat(tookOver).as("the SLA monitor ran on the survivor").isNotNull();
        assertThat(Duration.between(died, tookOver)).isLessThanOrEqualTo(Leases.TAKE_OVER_WITHIN);
        assertThat(holders())
                .containsAllEntriesOf(SINGLETONS.stream().collect(Collectors.toMap(j -> j, j -> "second")));
        // The purge's next run on the survivor is its own, recorded under its name.
        time.advance(Duration.ofMinutes(1));
        long bySecond = first.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT COUNT(*) FROM purge_run WHERE node = 'second'")
                        .mapTo(Long.class)
                        .one());
        assertThat(bySecond).isPositive();
    }
}
