package org.fulcrum.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.ManualTime;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The scheduler on manual time: runs fall due a period after the end of the last, a woken or busy
 * job runs again at once, a failure is counted and retried, and a singleton job runs only on the
 * node that holds its lease, another node taking over within the stated bound when it dies.
 */
class SchedulerTest {
    static final Instant START = Instant.parse("2026-12-05T03:00:00Z");

    /** Leases kept in memory, shared by the schedulers of one test as the database is by nodes. */
    static final class TableOfLeases {
        final Map<String, String> holder = new HashMap<>();
        final Map<String, Long> expires = new HashMap<>();

        Leases forNode(String node) {
            return new Leases() {
                @Override
                public String node() {
                    return node;
                }

                @Override
                public boolean take(String job, long now) {
                    synchronized (TableOfLeases.this) {
                        String h = holder.get(job);
                        if (h == null || h.equals(node) || expires.get(job) < now) {
                            holder.put(job, node);
                            expires.put(job, now + LEASE.toMillis());
                            return true;
                        }
                        return false;
                    }
                }

                @Override
                public void releaseAll() {
                    synchronized (TableOfLeases.this) {
                        holder.values().removeIf(node::equals);
                    }
                }
            };
        }
    }

    final ManualTime time = new ManualTime(START);
    final TableOfLeases table = new TableOfLeases();

    Scheduler node(String name) {
        return new Scheduler(time, table.forNode(name));
    }

    @Nested
    class OnManualTime {
        @Test
        void aJobRunsOncePerPeriodAndOnlyWhenTimeMoves() {
            List<Instant> runs = new ArrayList<>();
            Scheduler s = node("a");
            s.add(Job.perNode("tick", Duration.ofSeconds(10), () -> runs.add(time.instant())));
            s.start();
            time.advance(Duration.ofSeconds(9));
            assertThat(runs).isEmpty();
            time.advance(Duration.ofSeconds(25));
            assertThat(runs).containsExactly(START.plusSeconds(10), START.plusSeconds(20), START.plusSeconds(30));
            s.close();
        }

        @Test
        void aJumpRunsEachDueJobOnceAtTheNewTimeAsAfterASuspendedHost() {
            List<Instant> runs = new ArrayList<>();
            List<Instant> purges = new ArrayList<>();
            Scheduler s = node("a");
            s.add(Job.perNode("tick", Duration.ofSeconds(10), () -> runs.add(time.instant())));
            s.add(Job.singleton("purge", Duration.ofSeconds(1), () -> purges.add(time.instant())));
            s.start();
            time.jump(Duration.ofDays(30));
            assertThat(runs).containsExactly(START.plus(Duration.ofDays(30)));
            // every lease lapsed on the way; it is taken again before the singleton due now runs
            assertThat(purges).containsExactly(START.plus(Duration.ofDays(30)));
            assertThat(s.holdsLease("purge")).isTrue();
            time.advance(Duration.ofSeconds(10));
            assertThat(runs)
                    .containsExactly(
                            START.plus(Duration.ofDays(30)),
                            START.plus(Duration.ofDays(30)).plusSeconds(10));
            s.close();
        }

        @Test
        void aJobWithMoreWaitingRunsAgainAtTheSameInstant() {
            AtomicInteger left = new AtomicInteger(5);
            Scheduler s = node("a");
            s.add(new Job(
                    "drain",
                    Duration.ofSeconds(1),
                    Duration.ZERO,
                    Job.Scope.PER_NODE,
                    Duration.ZERO,
                    () -> left.decrementAndGet() > 0));
            s.start();
            assertThat(left.get()).isZero();
            assertThat(s.stats().getFirst().runs()).isEqualTo(5);
            s.close();
        }

        @Test
        void aWokenJobRunsNoSoonerThanItsWakeGapAfterItsLastRun() {
            List<Instant> runs = new ArrayList<>();
            Scheduler s = node("a");
            Scheduler.Scheduled job = s.add(Job.perNode("woken", Duration.ofSeconds(30), () -> runs.add(time.instant()))
                    .firstAfter(Duration.ZERO)
                    .wakeGap(Duration.ofMillis(100)));
            s.start();
            job.wake();
            time.advance(Duration.ofMillis(99));
            assertThat(runs).containsExactly(START);
            time.advance(Duration.ofMillis(1));
            assertThat(runs).containsExactly(START, START.plusMillis(100));
            s.close();
        }

        @Test
        void aFailedRunIsCountedAndTheJobRunsAgainAfterItsPeriod() {
            AtomicInteger calls = new AtomicInteger();
            Scheduler s = node("a");
            s.add(Job.perNode("flaky", Duration.ofSeconds(5), () -> {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("first run fails");
                }
            }));
            s.start();
            time.advance(Duration.ofSeconds(5));
            Scheduler.Stats afterFailure = s.stats().getFirst();
            assertThat(afterFailure.failures()).isEqualTo(1);
            assertThat(afterFailure.lastSuccess()).isEmpty();
            time.advance(Duration.ofSeconds(5));
            Scheduler.Stats afterRetry = s.stats().getFirst();
            assertThat(afterRetry.runs()).isEqualTo(2);
            assertThat(afterRetry.lastSuccess()).contains(START.plusSeconds(10));
            assertThat(afterRetry.sinceLastSuccess()).isEqualTo(Duration.ZERO);
            s.close();
        }
    }

    @Nested
    class Singletons {
        final AtomicInteger onA = new AtomicInteger();
        final AtomicInteger onB = new AtomicInteger();

        Scheduler[] twoNodes() {
            Scheduler a = node("a");
            a.add(Job.singleton("purge", Duration.ofSeconds(1), onA::incrementAndGet));
            Scheduler b = node("b");
            b.add(Job.singleton("purge", Duration.ofSeconds(1), onB::incrementAndGet));
            a.start();
            b.start();
            return new Scheduler[] {a, b};
        }

        @Test
        void onlyTheHolderOfTheLeaseRunsTheJob() {
            Scheduler[] n = twoNodes();
            time.advance(Duration.ofMinutes(2));
            assertThat(onA.get()).isGreaterThanOrEqualTo(100);
            assertThat(onB.get()).isZero();
            assertThat(n[0].holdsLease("purge")).isTrue();
            assertThat(n[1].holdsLease("purge")).isFalse();
        }

        @Test
        void anotherNodeTakesOverWithinTheBoundWhenTheHolderDies() {
            Scheduler[] n = twoNodes();
            time.advance(Duration.ofSeconds(30));
            time.stopDriving(n[0]);
            int ranOnA = onA.get();
            Instant died = time.instant();
            // The dead node's lease still runs: nobody else may start the job yet.
            time.advance(Leases.LEASE.minus(Leases.RENEW_EVERY).minusMillis(1));
            assertThat(onB.get()).isZero();
            Instant tookOver = null;
            while (tookOver == null && time.instant().isBefore(died.plus(Duration.ofMinutes(1)))) {
                time.advance(Duration.ofMillis(100));
                if (onB.get() > 0) {
                    tookOver = time.instant();
                }
            }
            assertThat(tookOver).isNotNull();
            assertThat(Duration.between(died, tookOver)).isLessThanOrEqualTo(Leases.TAKE_OVER_WITHIN);
            assertThat(onA.get()).isEqualTo(ranOnA);
            assertThat(n[1].holdsLease("purge")).isTrue();
        }

        @Test
        void retakingALeaseThatLapsedNeverRunsAJobBeforeItIsDue() {
            List<Instant> runs = new ArrayList<>();
            Scheduler a = node("a");
            a.add(Job.singleton("hourly", Duration.ofHours(1), () -> runs.add(time.instant())));
            a.start();
            time.advance(Duration.ofSeconds(10));
            // The node stalls past its trust in the lease, then renews it: the job is not due, so it waits.
            time.stopDriving(a);
            time.advance(Leases.LEASE.multipliedBy(2));
            time.drive(a);
            time.advance(Leases.RENEW_EVERY);
            assertThat(a.holdsLease("hourly")).isTrue();
            assertThat(runs).isEmpty();
            time.advance(Duration.ofHours(1));
            assertThat(runs).hasSize(1);
        }

        @Test
        void aNodeThatStopsInOrderHandsOverAtTheNextRenewal() {
            Scheduler[] n = twoNodes();
            time.advance(Duration.ofSeconds(30));
            n[0].close();
            time.advance(Leases.RENEW_EVERY);
            assertThat(n[1].holdsLease("purge")).isTrue();
            assertThat(onB.get()).isPositive();
        }
    }

    @Test
    void aWallClockMovedByHandDoesNotMakeJobsOnRealTimeRunEarly() {
        // Tests that move an app's clock past deadlines must not see its hourly jobs run meanwhile.
        ManualTime wall = new ManualTime(START);
        AtomicInteger hourly = new AtomicInteger();
        AtomicInteger probe = new AtomicInteger();
        Scheduler s = new Scheduler(Time.system(wall.clock()), table.forNode("real"));
        s.add(Job.perNode("hourly", Duration.ofHours(1), hourly::incrementAndGet));
        Scheduler.Scheduled woken = s.add(Job.perNode("probe", Duration.ofHours(1), probe::incrementAndGet));
        s.start();
        wall.advance(Duration.ofHours(5));
        woken.wake();
        Await.await(
                "the woken job ran, so the driver has looked at the hourly one since the move",
                Duration.ofSeconds(5),
                () -> probe.get() == 1);
        woken.wake();
        Await.await("a second pass of the driver", Duration.ofSeconds(5), () -> probe.get() == 2);
        assertThat(hourly.get()).isZero();
        s.close();
    }

    @Test
    void onRealTimeTheDriverRunsDueJobsAndAWakeRunsOneAtOnce() {
        AtomicInteger runs = new AtomicInteger();
        Scheduler s = new Scheduler(Time.system(java.time.Clock.systemUTC()), table.forNode("real"));
        Scheduler.Scheduled job = s.add(
                Job.perNode("real", Duration.ofHours(1), runs::incrementAndGet).firstAfter(Duration.ZERO));
        s.start();
        Await.await("the job's first run", Duration.ofSeconds(5), () -> runs.get() == 1);
        job.wake();
        Await.await("the run the wake asked for", Duration.ofSeconds(5), () -> runs.get() == 2);
        s.close();
        assertThat(s.stats().getFirst().runs()).isEqualTo(2);
    }

    @Test
    void aCloseFromAnInterruptedThreadStillWaitsForTheRunToEnd() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean ended = new AtomicBoolean();
        Scheduler s = new Scheduler(Time.system(java.time.Clock.systemUTC()), table.forNode("real"));
        s.add(Job.perNode("slow", Duration.ofHours(1), () -> {
                    running.countDown();
                    try {
                        Thread.sleep(300); // a slow run is what close must wait for
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ended.set(true);
                })
                .firstAfter(Duration.ZERO));
        s.start();
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.currentThread().interrupt();
        try {
            s.close();
            assertThat(ended).as("the run ended before close returned").isTrue();
            assertThat(Thread.currentThread().isInterrupted())
                    .as("the interrupt stays set")
                    .isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
