package org.fulcrum.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.fulcrum.server.support.LogCapture;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * Closing a running app stops its background jobs before the store closes, so nothing warns on the
 * way: not the detection version watch nor the checkpoint follower, whose periods are the shortest.
 */
class AppCloseTest {
    @Test
    void closingARunningAppLogsNoWarningOrError() throws InterruptedException {
        TestApp app = TestApp.sqlite();
        // long enough for every periodic job (the shortest run every 250 ms) to be mid-cycle
        Thread.sleep(700);
        try (LogCapture logs = LogCapture.warnings()) {
            app.close();
            // a loop that outlived the store would fail on its next period
            Thread.sleep(600);
            assertThat(logs.lines()).as("warnings and errors while closing").isEmpty();
        }
    }

    @Test
    void closingFromAnInterruptedThreadLogsNoWarningOrError() throws InterruptedException {
        TestApp app = TestApp.sqlite();
        Thread.sleep(700);
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
            Thread.sleep(600);
            assertThat(logs.lines()).as("warnings and errors while closing").isEmpty();
        }
    }
}
