package org.fulcrum.server.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Entries under a secrecy order: a commitment at once, the public fields when the gag expires. */
class SealedEntryTest {
    private static final Json JSON = Json.strict();

    static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    long appendSealed(Instant until) {
        return app.app()
                .module(StoreModule.class)
                .db()
                .write(tx -> app.app()
                        .module(TransparencyModule.class)
                        .log()
                        .append(
                                tx,
                                LogEntry.of(
                                                EntryKind.request_received,
                                                tx.now(),
                                                "FR",
                                                "RISK_FOR_PUBLIC_SECURITY",
                                                "received",
                                                Map.of("instrument", "EPOC", "accounts", 2),
                                                Map.of("officer", "officer-7", "file", "F-2026-1"),
                                                "acct-9")
                                        .sealedUntil(until)));
    }

    byte[] data(long idx) {
        return app.app()
                .module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT data FROM log_entry WHERE idx = :i")
                        .bind("i", idx)
                        .mapTo(byte[].class)
                        .one());
    }

    @Test
    void aSealedEntryShowsOnlyCommitmentsUntilItsGagExpires() {
        long idx = appendSealed(Instant.now().plusSeconds(3600));
        String text = new String(data(idx), StandardCharsets.UTF_8);
        assertThat(CanonicalJson.parse(data(idx)).keySet())
                .containsExactlyInAnyOrder("v", "kind", "time", "commitment", "publicCommitment");
        assertThat(text).doesNotContain("EPOC").doesNotContain("FR").doesNotContain("officer-7");
        var view = app.http().get("/v1/log/entries/" + idx).json();
        assertThat(view.get("entry").get("kind").asText()).isEqualTo("sealed");
        assertThat(view.has("revealed")).isFalse();
    }

    @Test
    void aRevealedEntryVerifiesAgainstItsCommitmentAndAChangedFieldFails() throws Exception {
        long idx = appendSealed(Instant.now().plusMillis(300));
        java.util.function.Supplier<java.util.Optional<Long>> revealing = () -> app.app()
                .module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT revealed_by FROM log_entry WHERE idx = :i")
                        .bind("i", idx)
                        .mapTo(Long.class)
                        .findOne());
        Await.await(
                "the entry is revealed after the gag's expiry",
                java.time.Duration.ofSeconds(5),
                () -> revealing.get().isPresent());
        Long revealedBy = revealing.get().orElseThrow();
        byte[] sealed = data(idx);
        byte[] reveal = data(revealedBy);
        assertThat(EntryCodec.revealMatches(sealed, reveal)).isTrue();
        Map<String, Object> revealEntry = CanonicalJson.parse(reveal);
        assertThat(revealEntry.get("of")).isEqualTo((int) idx);
        @SuppressWarnings("unchecked")
        Map<String, Object> pub = new TreeMap<>((Map<String, Object>) revealEntry.get("public"));
        assertThat(pub.get("jurisdiction")).isEqualTo("FR");

        // change one public field: the reveal no longer opens the commitment
        pub.put("jurisdiction", "DE");
        byte[] forged = EntryCodec.reveal(idx, pub, HexFormat.of().parseHex((String) revealEntry.get("publicKey")));
        assertThat(EntryCodec.revealMatches(sealed, forged)).isFalse();
        // another key cannot open it either
        byte[] otherKey = EntryCodec.reveal(
                idx,
                CanonicalJson.parse(JSON.write(revealEntry.get("public")).getBytes(StandardCharsets.UTF_8)),
                new byte[32]);
        assertThat(EntryCodec.revealMatches(sealed, otherKey)).isFalse();

        var view = app.http().get("/v1/log/entries/" + idx).json();
        assertThat(view.get("revealedBy").asLong()).isEqualTo(revealedBy);
        assertThat(view.at("/revealed/public/fields/instrument").asText()).isEqualTo("EPOC");
    }

    @Test
    void theDetailsCommitmentOpensOnlyWithTheStoredSecretAndErasureRemovesIt() {
        long idx = app.app()
                .module(StoreModule.class)
                .db()
                .write(tx -> app.app()
                        .module(TransparencyModule.class)
                        .log()
                        .append(
                                tx,
                                LogEntry.of(
                                        EntryKind.notice_received,
                                        tx.now(),
                                        "DE",
                                        "SCAMS_AND_FRAUD",
                                        "received",
                                        Map.of(),
                                        Map.of("reporter", "acct-erase"),
                                        "acct-erase")));
        record Secret(byte[] key, String details) {}
        Secret s = app.app()
                .module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT details_key, details FROM log_secret WHERE idx = :i")
                        .bind("i", idx)
                        .map((rs, c) -> new Secret(rs.getBytes(1), rs.getString(2)))
                        .one());
        assertThat(EntryCodec.detailsMatch(data(idx), s.key(), Map.of("reporter", "acct-erase")))
                .isTrue();
        assertThat(EntryCodec.detailsMatch(data(idx), s.key(), Map.of("reporter", "acct-other")))
                .isFalse();

        int erased = app.app()
                .module(StoreModule.class)
                .db()
                .write(tx ->
                        app.app().module(TransparencyModule.class).logWriter().eraseSecrets(tx, "acct-erase"));
        assertThat(erased).isEqualTo(1);
        assertThat(app.queryLong("SELECT COUNT(*) FROM log_secret WHERE idx = " + idx + " AND details_key IS NULL"))
                .isEqualTo(1);
        assertThat(app.queryLong("SELECT COUNT(*) FROM log_entry WHERE subject_ref = 'acct-erase'"))
                .isZero();
    }
}
