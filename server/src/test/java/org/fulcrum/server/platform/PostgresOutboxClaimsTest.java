package org.fulcrum.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.support.MigratedSchema;
import org.fulcrum.server.support.Postgres;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

class PostgresOutboxClaimsTest extends OutboxClaimsContract {
    /** One schema for the class, migrated once and given to each test as freshly migrated. */
    private static MigratedSchema migrated;

    private String schema;

    @Override
    Config config() {
        Postgres.require();
        if (migrated == null) {
            migrated = MigratedSchema.create();
        }
        schema = migrated.fresh();
        try {
            return TestApp.config(Files.createTempDirectory("fulcrum-claims-pg"))
                    .withDatabase(Postgres.URL, "", "", schema);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Four dispatchers on two connections pools race for 300 actions of 10 subjects: each action is
     * claimed by exactly one of them, and each subject's actions are claimed strictly in order.
     */
    @Test
    void racingNodesNeverHoldOneActionTogetherAndTakeEachSubjectInOrder() throws Exception {
        Map<String, List<String>> expected = new HashMap<>();
        for (int s = 0; s < 10; s++) {
            String subject = "cl-post-" + s;
            expected.put(subject, new ArrayList<>());
            for (int i = 0; i < 5; i++) {
                expected.get(subject).addAll(flipInOneTransaction(db, enforcement, subject, 3));
            }
        }
        int total = expected.values().stream().mapToInt(List::size).sum();
        assertThat(total).isEqualTo(300);

        Map<String, String> claimedBy = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> next = new ConcurrentHashMap<>();
        expected.keySet().forEach(s -> next.put(s, new AtomicInteger()));
        Set<String> violations = ConcurrentHashMap.newKeySet();
        AtomicInteger done = new AtomicInteger();
        try (Database second = Database.open(
                        TestApp.config(Files.createTempDirectory("fulcrum-claims-pg2"))
                                .withDatabase(Postgres.URL, "", "", schema),
                        clock.clock());
                var pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                OutboxClaims node =
                        new OutboxClaims(w % 2 == 0 ? db : second, "node-" + w, Duration.ofMinutes(5), clock.clock());
                workers.add(pool.submit(() -> {
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (done.get() < total && System.nanoTime() < deadline) {
                        List<OutboxClaims.Claimed> claimed = node.claim(7);
                        List<OutboxClaims.Attempt> attempts = new ArrayList<>();
                        for (OutboxClaims.Claimed c : claimed) {
                            String before = claimedBy.putIfAbsent(c.actionId(), node.node());
                            if (before != null) {
                                violations.add(c.actionId() + " claimed by " + before + " and " + node.node());
                            }
                            int position = next.get(c.subjectId()).getAndIncrement();
                            if (!expected.get(c.subjectId()).get(position).equals(c.actionId())) {
                                violations.add(c.actionId() + " claimed out of order at " + position);
                            }
                            attempts.add(delivered(c));
                        }
                        node.record(attempts);
                        done.addAndGet(claimed.size());
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        }
        assertThat(violations).isEmpty();
        assertThat(claimedBy).hasSize(total);
        assertThat(Set.copyOf(claimedBy.values())).as("every node took part").hasSizeGreaterThan(1);
        assertThat(number("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL"))
                .isZero();
    }
}
