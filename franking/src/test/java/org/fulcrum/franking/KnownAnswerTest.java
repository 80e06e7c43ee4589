package org.fulcrum.franking;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Fixed vectors for the byte formats in package-info, computed by a separate implementation written
 * from that description, so a client in another language can check itself against the same values.
 */
class KnownAnswerTest {

    static final byte[] FRANKING_KEY = range(0x00, 0x20);
    static final byte[] MESSAGE = "I know where you live.".getBytes(UTF_8);
    static final SenderId SENDER = new SenderId("user:1001");
    static final ConversationId CONVERSATION = new ConversationId("chat:1001-2002");
    static final byte[] COMMITMENT = hex("01c24d1a460433a49c90d5812994e4b5ddf01144d67eab38a1388c58c109dd54");
    static final RelayKeyId KEY_ID = new RelayKeyId("relay-2026-03");
    static final String RELAY_SEED = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
    static final String RELAY_PUBLIC = "Kay64UG8yvCyLhqU000LxzYeUm0L/hLIl5S8kyKWbdc=";
    static final Instant DELIVERED = Instant.ofEpochMilli(1772366400123L);
    static final byte[] SIGNATURE = hex("0a6b20f4a741513c6e44ef311de3325f63e3e130432dc9d4467644b5af504cc5"
            + "2b8d659e7047ae7c4ff15bd9995cdb3461c2a2b04d60afad000aed3831eb820b");
    static final byte[] MESSAGE_KEY = range(0x40, 0x60);
    // Nonce 0x60..0x6f; plaintext franking key ‖ message; associated data the commitment.
    static final byte[] ENVELOPE = hex("01606162636465666768696a6b6c6d6e6f531fc6386676a6087a1f7a014c000b93fbfc"
            + "edd05bbabfe3c719baf3a891f062aea7e409af336cf86d0d3dba8a7f1512d8581b0e02da3ab8a3d9fd70f4b4091badf53396"
            + "441e0961019bd4a8db4753c854e2b2715c22");
    static final String REPORT_JSON = "{\"version\":1,\"message\":\"SSBrbm93IHdoZXJlIHlvdSBsaXZlLg\","
            + "\"franking_key\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\","
            + "\"commitment\":\"AcJNGkYEM6SckNWBKZTktd3wEUTWfqs4oTiMWMEJ3VQ\","
            + "\"sender_id\":\"user:1001\",\"conversation_id\":\"chat:1001-2002\",\"timestamp_ms\":1772366400123,"
            + "\"relay_key_id\":\"relay-2026-03\",\"stamp\":\"Cmsg9KdBUTxuRO8xHeMyX2Pj4TBDLcnURnZEta9QTMUrjWWecEeuf"
            + "E_xW9mZXNs0YcKisE1gr60ACu04MeuCCw\"}";

    private final RelayKeyPair relayKey = RelayKeys.decodeKeyPair(KEY_ID, RELAY_SEED, RELAY_PUBLIC);

    @org.junit.jupiter.api.Test
    void thePublishedVectorFileHoldsExactlyTheseValues() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("fulcrum.root", ".."))
                .resolve("franking/test-vectors/v1.json");
        String text = java.nio.file.Files.readString(file);
        java.util.HexFormat hex = java.util.HexFormat.of();
        for (String expected : new String[] {
            hex.formatHex(FRANKING_KEY),
            hex.formatHex(COMMITMENT),
            hex.formatHex(SIGNATURE),
            hex.formatHex(MESSAGE_KEY),
            hex.formatHex(ENVELOPE),
            RELAY_SEED,
            RELAY_PUBLIC,
            KEY_ID.value(),
            SENDER.value(),
            CONVERSATION.value(),
            String.valueOf(DELIVERED.toEpochMilli()),
            REPORT_JSON.replace("\"", "\\\"")
        }) {
            assertThat(text).contains(expected);
        }
    }

    @Test
    void commitmentMatchesTheVector() {
        assertThat(Commitment.compute(new FrankingKey(FRANKING_KEY), MESSAGE, SENDER, CONVERSATION)
                        .bytes())
                .isEqualTo(COMMITMENT);
    }

    @Test
    void stampMatchesTheVector() {
        Stamp stamp = new Relay(relayKey, Clock.fixed(DELIVERED, ZoneOffset.UTC))
                .stamp(new Commitment(COMMITMENT), SENDER, CONVERSATION);
        assertThat(stamp).isEqualTo(new Stamp(KEY_ID, DELIVERED, SIGNATURE));
    }

    @Test
    void envelopeFromTheVectorOpensToTheVectorReportWhichVerifies() {
        Delivery delivery = new Delivery(
                SENDER, CONVERSATION, ENVELOPE, new Commitment(COMMITMENT), new Stamp(KEY_ID, DELIVERED, SIGNATURE));

        Receipt receipt = new Recipient().open(delivery, MESSAGE_KEY);

        assertThat(receipt).isInstanceOfSatisfying(Receipt.Accepted.class, accepted -> {
            assertThat(accepted.message()).isEqualTo(MESSAGE);
            assertThat(accepted.report().toJson()).isEqualTo(REPORT_JSON);
        });
        FrankingVerifier verifier = Fixture.verifierAt(
                RelayKeyRegistry.of(RelayKey.active(KEY_ID, RelayKeys.decodePublicKey(RELAY_PUBLIC), Instant.EPOCH)),
                DELIVERED);
        assertThat(verifier.verifyJson(REPORT_JSON)).isInstanceOf(Verification.Verified.class);
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static byte[] range(int from, int toExclusive) {
        byte[] out = new byte[toExclusive - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (from + i);
        }
        return out;
    }
}
