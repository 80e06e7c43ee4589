package org.fulcrum.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.fulcrum.server.jobs.Scheduler;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.LogCapture;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * Closing a running app stops its background jobs before the store closes, so nothing warns on the
 * way: not the detection version watch nor the checkpoint follower, whose periods are the shortest.
 */
class AppCloseTest {
    /** The jobs that run twice a second or more often: those a close is most likely to catch mid-cycle. */
    static final Duration SHORT = Duration.ofMillis(500);

    @Test
    void closingARunningAppLogsNoWarningOrError() {
        TestApp app = TestApp.sqlite();
        Scheduler jobs = awaitShortJobsRunning(app);
        try (LogCapture logs = LogCapture.warnings()) {
            app.close();
            assertNothingRunsAfterClose(jobs);
            assertThat(logs.lines()).as("warnings and errors while closing").isEmpty();
        }
    }

    @Test
    void closingFromAnInterruptedThreadLogsNoWarningOrError() {
        TestApp app = TestApp.sqlite();
        Scheduler jobs = awaitShortJobsRunning(app);
        try (LogCapture logs = LogCapture.warnings()) {
            Thread.currentThread().interrupt();
            try {
                app.close();
                assertThat(Thread.currentThread().isInterrupted())
                        .as("the interrupt is kept for the caller")
                        .isTrue();
            } finally {
                Thread.interrupted();
            }
            assertNothingRunsAfterClose(jobs);
            assertThat(logs.lines()).as("warnings and errors while closing").isEmpty();
        }
    }

    /** Waits until every short-period job has run, so each is in its cycle when the app closes. */
    static Scheduler awaitShortJobsRunning(TestApp app) {
        Scheduler jobs = app.app().module(OpsModule.class).jobs();
        assertThat(jobs.stats().stream().filter(s -> s.period().compareTo(SHORT) <= 0))
                .as("short-period jobs")
                .isNotEmpty();
        Await.await(
                "every short-period job has run",
                Duration.ofSeconds(30),
                () -> jobs.stats().stream()
                        .filter(s -> s.period().compareTo(SHORT) <= 0)
                        .allMatch(s -> s.runs() >= 1),
                jobs::stats);
        return jobs;
    }

    /**
     * Every periodic loop of the app is a job of its scheduler; a closed scheduler has no run due and
     * none in progress, so no loop outlives the store to fail on its next period.
     */
    static void assertNothingRunsAfterClose(Scheduler jobs) {
        assertThat(jobs.nextDue()).as("a run due after close").isEqualTo(Long.MAX_VALUE);
    }
}
