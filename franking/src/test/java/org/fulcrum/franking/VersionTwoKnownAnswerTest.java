package org.fulcrum.franking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Format version 2 against {@code test-vectors/v2.json}: the relay's stamp for one recipient, the
 * report that carries it, and a verifier that accepts it from that recipient only.
 */
class VersionTwoKnownAnswerTest {

    static final RecipientId BOB = new RecipientId("user:2002");
    static final HexFormat HEX = HexFormat.of();

    static JsonNode vector() throws Exception {
        return new ObjectMapper()
                .readTree(Path.of(System.getProperty("fulcrum.root", ".."))
                        .resolve("franking/test-vectors/v2.json")
                        .toFile());
    }

    private final RelayKeyPair relayKey =
            RelayKeys.decodeKeyPair(KnownAnswerTest.KEY_ID, KnownAnswerTest.RELAY_SEED, KnownAnswerTest.RELAY_PUBLIC);

    private Stamp stamp() {
        return new Relay(relayKey, Clock.fixed(KnownAnswerTest.DELIVERED, ZoneOffset.UTC))
                .stampFor(
                        new Commitment(KnownAnswerTest.COMMITMENT),
                        KnownAnswerTest.SENDER,
                        KnownAnswerTest.CONVERSATION,
                        BOB);
    }

    private FrankingVerifier verifier() {
        return Fixture.verifierAt(
                RelayKeyRegistry.of(RelayKey.active(
                        KnownAnswerTest.KEY_ID,
                        RelayKeys.decodePublicKey(KnownAnswerTest.RELAY_PUBLIC),
                        Instant.EPOCH)),
                KnownAnswerTest.DELIVERED);
    }

    @Test
    void theRelayStampsTheRecipientExactlyAsPublished() throws Exception {
        JsonNode v = vector();
        Stamp stamp = stamp();

        assertThat(stamp.version()).isEqualTo(2);
        assertThat(stamp.recipient()).contains(BOB);
        assertThat(HEX.formatHex(Stamp.signedBytes(
                        KnownAnswerTest.KEY_ID,
                        new Commitment(KnownAnswerTest.COMMITMENT),
                        KnownAnswerTest.SENDER,
                        KnownAnswerTest.CONVERSATION,
                        BOB,
                        KnownAnswerTest.DELIVERED)))
                .isEqualTo(v.get("stamp_signed_bytes").asText());
        assertThat(HEX.formatHex(stamp.signature()))
                .isEqualTo(v.get("stamp_signature").asText());
        assertThat(v.get("commitment").asText()).isEqualTo(HEX.formatHex(KnownAnswerTest.COMMITMENT));
        assertThat(v.get("envelope").asText()).isEqualTo(HEX.formatHex(KnownAnswerTest.ENVELOPE));
    }

    @Test
    void theRecipientsReportIsThePublishedJsonAndVerifiesForTheRecipientOnly() throws Exception {
        Delivery delivery = new Delivery(
                KnownAnswerTest.SENDER,
                KnownAnswerTest.CONVERSATION,
                KnownAnswerTest.ENVELOPE,
                new Commitment(KnownAnswerTest.COMMITMENT),
                stamp());
        Receipt receipt = new Recipient().open(delivery, KnownAnswerTest.MESSAGE_KEY);
        String json = ((Receipt.Accepted) receipt).report().toJson();

        assertThat(json).isEqualTo(vector().get("report_json").asText());
        assertThat(FrankingReport.fromJson(json))
                .isInstanceOfSatisfying(
                        ParsedReport.Ok.class,
                        ok -> assertThat(ok.report().recipient()).contains(BOB));
        assertThat(verifier().verifyJson(json, "user:2002")).isInstanceOf(Verification.Verified.class);
        assertThat(verifier().verifyJson(json, "user:3003"))
                .isInstanceOfSatisfying(
                        Verification.Rejected.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.NOT_RECIPIENT));
    }

    @Test
    void aVersionTwoStampNeverVerifiesAsVersionOneNorTheReverse() {
        Stamp v2 = stamp();
        Stamp asV1 = new Stamp(v2.keyId(), v2.timestamp(), v2.signature());
        Stamp v1AsV2 = new Stamp(
                KnownAnswerTest.KEY_ID, KnownAnswerTest.DELIVERED, KnownAnswerTest.SIGNATURE, Optional.of(BOB));
        Commitment c = new Commitment(KnownAnswerTest.COMMITMENT);

        assertThat(v2.isValidFor(relayKey.publicKey(), c, KnownAnswerTest.SENDER, KnownAnswerTest.CONVERSATION))
                .isTrue();
        assertThat(asV1.isValidFor(relayKey.publicKey(), c, KnownAnswerTest.SENDER, KnownAnswerTest.CONVERSATION))
                .isFalse();
        assertThat(v1AsV2.isValidFor(relayKey.publicKey(), c, KnownAnswerTest.SENDER, KnownAnswerTest.CONVERSATION))
                .isFalse();
    }

    @Test
    void versionOneReportsStayVerifiableUntilThePolicyStopsAcceptingThem() {
        var registry = RelayKeyRegistry.of(RelayKey.active(
                KnownAnswerTest.KEY_ID, RelayKeys.decodePublicKey(KnownAnswerTest.RELAY_PUBLIC), Instant.EPOCH));
        Clock at = Clock.fixed(KnownAnswerTest.DELIVERED, ZoneOffset.UTC);
        FrankingVerifier both = new FrankingVerifier(registry, at);
        FrankingVerifier v2Only =
                new FrankingVerifier(registry, at, VerifierPolicy.defaults().withVersion1(false));

        assertThat(both.verifyJson(KnownAnswerTest.REPORT_JSON, "anyone")).isInstanceOf(Verification.Verified.class);
        assertThat(v2Only.verifyJson(KnownAnswerTest.REPORT_JSON, "anyone"))
                .isInstanceOfSatisfying(
                        Verification.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectReason.VERSION_NOT_ACCEPTED));
    }
}
