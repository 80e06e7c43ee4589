package org.fulcrum.server.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.fulcrum.server.OpsModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public page of a log entry: its public fields and nothing of its details, its inclusion proof
 * verified against the latest signed checkpoint, and links to check it independently.
 */
class LogEntryPageTest {
    static TestApp app;
    static Http anyone;

    /** One app for the class; the test that stops the node's jobs builds one of its own. */
    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        anyone = new Http(app.url());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static long append(TestApp app, String outcome, String secret) {
        return app.app()
                .module(StoreModule.class)
                .db()
                .write(tx -> app.app()
                        .module(TransparencyModule.class)
                        .log()
                        .append(
                                tx,
                                LogEntry.of(
                                        EntryKind.moderation_decision,
                                        Instant.parse("2026-12-01T10:00:00Z"),
                                        "FR",
                                        "scams_and_fraud",
                                        outcome,
                                        Map.of("reach", "1k-10k"),
                                        Map.of("accountId", secret),
                                        secret)));
    }

    @Test
    void anEntryInTheSignedTreeShowsItsPublicFieldsAndAVerifiedProofAndNoDetails() {
        long index = append(app, "removed", "acct-very-private-7");
        app.app().module(TransparencyModule.class).checkpointer().checkpoint();

        Http.Response r = anyone.get("/log/entries/" + index);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.body())
                .contains("scams_and_fraud")
                .contains("removed")
                .contains("1k-10k")
                .contains("id=\"proof-status\" class=\"flash\"")
                .contains("Verified: this entry is leaf " + index)
                .contains("href=\"/log/checkpoint\"")
                .contains("href=\"/v1/log/proof/inclusion?index=" + index + "\"");
        assertThat(r.body()).doesNotContain("acct-very-private-7");
        String leaf = anyone.get("/v1/log/proof/inclusion?index=" + index)
                .json()
                .get("leafHash")
                .asText();
        assertThat(r.body()).contains(leaf);
    }

    @Test
    void anEntryNotYetCoveredByACheckpointSaysSoRatherThanClaimingAProof() {
        // stopping the jobs is for good: an app of its own
        try (TestApp alone = TestApp.sqlite()) {
            alone.app().module(TransparencyModule.class).checkpointer().checkpoint();
            // no scheduled checkpoint may cover the entry while the page is read
            alone.app().module(OpsModule.class).jobs().close();
            long index = append(alone, "restricted", "acct-x");
            assertThat(alone.app()
                            .module(TransparencyModule.class)
                            .checkpointer()
                            .latest()
                            .checkpoint()
                            .size())
                    .isLessThanOrEqualTo(index);
            String page = alone.http().get("/log/entries/" + index).body();
            assertThat(page).contains("Not yet covered by a signed checkpoint").doesNotContain("Verified:");
        }
    }

    @Test
    void anUnknownOrMalformedIndexIsAProblemNotAServerError() {
        assertThat(anyone.get("/log/entries/999999").status()).isEqualTo(404);
        Http.Response bad = anyone.get("/log/entries/twelve");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("index");
        assertThat(anyone.get("/log/entries/-3").status()).isEqualTo(400);
    }
}
