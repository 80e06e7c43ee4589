package org.fulcrum.server.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.support.Actions;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.web.Bodies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outbox claims, run against SQLite and PostgreSQL by the two subclasses. */
abstract class OutboxClaimsContract {
    private static final Json JSON = Json.strict();
    private static final Bodies BODIES = new Bodies(Long.MAX_VALUE, JSON);

    static final Duration LEASE = Duration.ofSeconds(10);
    final ManualTime clock = new ManualTime(Instant.parse("2026-11-29T10:00:00Z"));
    Database db;
    Enforcement enforcement;

    /** The configuration of a fresh, empty database. */
    abstract Config config();

    @BeforeEach
    void open() {
        db = Database.open(config(), clock.clock());
        enforcement = new Enforcement(new SqlOutbox(db, JSON), clock.clock(), JSON);
        new EventIngest(db, JSON)
                .ingest(BODIES.parse(
                        JSON.write(Events.batch(0, 10, "cl")).getBytes(StandardCharsets.UTF_8), EventBatch.class));
    }

    @AfterEach
    void close() {
        db.close();
    }

    OutboxClaims node(String name) {
        return new OutboxClaims(db, name, LEASE, clock.clock());
    }

    static List<String> flipInOneTransaction(Database db, Enforcement enforcement, String subject, int times) {
        return Actions.flip(db, enforcement, subject, times);
    }

    long number(String sql) {
        Long n = db.read(h -> h.createQuery(sql).mapTo(Long.class).one());
        return n;
    }

    String text(String sql) {
        String t = db.read(h -> h.createQuery(sql).mapTo(String.class).one());
        return t;
    }

    static List<String> ids(List<OutboxClaims.Claimed> claimed) {
        return claimed.stream().map(OutboxClaims.Claimed::actionId).toList();
    }

    static OutboxClaims.Attempt delivered(OutboxClaims.Claimed c) {
        return new OutboxClaims.Attempt(c, new Outbox.Delivery.Delivered(0), 0);
    }

    @Test
    void aClaimWhoseLeaseRanOutWhileTheQueryRanIsReleasedUnsent() {
        flipInOneTransaction(db, enforcement, "cl-post-1", 1);
        long start = clock.millis();
        // The first reading of this clock is taken before the query, every later one after it: the
        // query "took" longer than the lease.
        java.util.concurrent.atomic.AtomicInteger readings = new java.util.concurrent.atomic.AtomicInteger();
        java.time.Clock slowQuery = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(readings.getAndIncrement() == 0 ? start : start + LEASE.toMillis() + 1);
            }
        };
        assertThat(new OutboxClaims(db, "slow", LEASE, slowQuery).claim(10)).isEmpty();
        assertThat(number("SELECT COUNT(*) FROM outbox WHERE claimed_by IS NOT NULL"))
                .isZero();
        clock.advance(LEASE.plusMillis(1));
        assertThat(node("other").claim(10)).as("released for any node at once").hasSize(1);
    }

    @Test
    void actionsOfOneSubjectAreNumberedInCommitOrderEvenWithinOneMillisecond() {
        List<String> ids = flipInOneTransaction(db, enforcement, "cl-post-1", 2);
        List<String> bySeq = db.read(
                h -> h.createQuery("SELECT action_id FROM outbox WHERE subject_id = 'cl-post-1' ORDER BY subject_seq")
                        .mapTo(String.class)
                        .list());
        assertThat(bySeq).isEqualTo(ids);
        assertThat(number("SELECT COUNT(DISTINCT created_at) FROM outbox")).isEqualTo(1);
    }

    @Test
    void onlyTheOldestUndeliveredActionOfEachSubjectIsClaimed() {
        List<String> first = flipInOneTransaction(db, enforcement, "cl-post-1", 2);
        List<String> second = flipInOneTransaction(db, enforcement, "cl-post-2", 1);
        OutboxClaims a = node("node-a");

        List<OutboxClaims.Claimed> round1 = a.claim(100);
        assertThat(ids(round1)).containsExactlyInAnyOrder(first.get(0), second.get(0));
        assertThat(a.claim(100)).as("claimed records and their successors wait").isEmpty();

        a.record(List.of(delivered(round1.stream()
                .filter(c -> c.actionId().equals(first.get(0)))
                .findFirst()
                .orElseThrow())));
        assertThat(ids(a.claim(100))).containsExactly(first.get(1));
    }

    @Test
    void aLiveClaimIsLeftAloneAndAnExpiredOneIsTakenOver() {
        String id = flipInOneTransaction(db, enforcement, "cl-post-3", 1).getFirst();
        OutboxClaims a = node("node-a");
        OutboxClaims b = node("node-b");
        List<OutboxClaims.Claimed> held = a.claim(10);
        assertThat(ids(held)).containsExactly(id);
        assertThat(new SqlOutbox(db, JSON).pending(10))
                .as("operators see who holds what")
                .extracting(SqlOutbox.Entry::actionId, e -> e.claimedBy().orElse(""))
                .contains(tuple(id, "node-a"));

        clock.advance(LEASE.minusMillis(1));
        assertThat(b.claim(10)).isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(ids(b.claim(10))).as("node-a's lease ran out").containsExactly(id);
        assertThat(b.takenOver())
                .as("a take-over is counted: the record may reach the platform twice")
                .isEqualTo(1);
        assertThat(a.takenOver()).isZero();
        assertThat(text("SELECT previous_claimant FROM outbox WHERE action_id = '" + id + "'"))
                .isEqualTo("node-a");

        // node-a comes back late with a failure: the record is node-b's now, so nothing changes.
        a.record(List.of(new OutboxClaims.Attempt(
                held.getFirst(), new Outbox.Delivery.Failed(null, "late"), clock.millis() + 60_000)));
        assertThat(text("SELECT claimed_by FROM outbox WHERE action_id = '" + id + "'"))
                .isEqualTo("node-b");
        assertThat(number("SELECT attempts FROM outbox WHERE action_id = '" + id + "'"))
                .isZero();
    }

    @Test
    void aFailedActionHoldsBackTheLaterActionsOfItsSubjectUntilItIsDelivered() {
        List<String> ids = flipInOneTransaction(db, enforcement, "cl-post-4", 1);
        OutboxClaims a = node("node-a");
        OutboxClaims.Claimed head = a.claim(10).getFirst();
        a.record(List.of(new OutboxClaims.Attempt(
                head, new Outbox.Delivery.Failed(503, "unavailable"), clock.millis() + 5_000)));

        assertThat(a.claim(10))
                .as("the head backs off; its successor must not overtake it")
                .isEmpty();
        clock.advance(Duration.ofSeconds(5));
        List<OutboxClaims.Claimed> retry = a.claim(10);
        assertThat(ids(retry)).containsExactly(ids.get(0));
        assertThat(retry.getFirst().attempts()).isEqualTo(1);
        a.record(List.of(delivered(retry.getFirst())));
        assertThat(ids(a.claim(10))).containsExactly(ids.get(1));
    }

    @Test
    void aLeaseNoLongerThanOneDeliveryAttemptIsRefused() {
        Outbox.Transport slow = new Outbox.Transport() {
            @Override
            public Outbox.Delivery deliver(Outbox.Envelope envelope) {
                return new Outbox.Delivery.Delivered(200);
            }

            @Override
            public Duration timeout() {
                return LEASE;
            }
        };
        assertThatThrownBy(
                        () -> new OutboxDispatcher(node("node-a"), new SqlOutbox(db, JSON), slow, clock.clock(), LEASE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outbox.claim.seconds");
    }

    @Test
    void releasedClaimsCanBeTakenByAnotherNodeAtOnce() {
        flipInOneTransaction(db, enforcement, "cl-post-5", 1);
        flipInOneTransaction(db, enforcement, "cl-post-6", 1);
        OutboxClaims a = node("node-a");
        List<OutboxClaims.Claimed> held = a.claim(10);
        assertThat(held).hasSize(2);
        a.release(held.subList(1, 2));
        assertThat(ids(node("node-b").claim(10))).containsExactly(held.get(1).actionId());
        assertThat(a.releaseAll()).isEqualTo(1);
        assertThat(ids(node("node-c").claim(10))).containsExactly(held.get(0).actionId());
    }
}
