package org.fulcrum.franking;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A reporter who alters or forges any part of a report is caught, and told which check failed. */
class ForgedReportTest {

    private final Fixture f = new Fixture();
    private final FrankingReport genuine = f.report("send me the money or else");

    @Test
    void alteredMessageIsBadCommitment() {
        FrankingReport forged = with(genuine, "send me the money or else!".getBytes(UTF_8));
        assertRejected(forged, RejectReason.BAD_COMMITMENT);
    }

    @Test
    void alteredSenderIsBadStamp() {
        FrankingReport forged = new FrankingReport(
                genuine.message(),
                genuine.frankingKey(),
                genuine.commitment(),
                new SenderId("user:3003"),
                genuine.conversation(),
                genuine.stamp());
        assertRejected(forged, RejectReason.BAD_STAMP);
    }

    @Test
    void alteredSenderWithARecomputedCommitmentIsStillBadStamp() {
        SenderId victim = new SenderId("user:3003");
        FrankingKey key = FrankingKey.random(f.random);
        byte[] message = genuine.message();
        FrankingReport forged = new FrankingReport(
                message,
                key,
                Commitment.compute(key, message, victim, genuine.conversation()),
                victim,
                genuine.conversation(),
                genuine.stamp());
        assertRejected(forged, RejectReason.BAD_STAMP);
    }

    @Test
    void alteredConversationIsBadStamp() {
        FrankingReport forged = new FrankingReport(
                genuine.message(),
                genuine.frankingKey(),
                genuine.commitment(),
                genuine.sender(),
                new ConversationId("chat:other"),
                genuine.stamp());
        assertRejected(forged, RejectReason.BAD_STAMP);
    }

    @Test
    void alteredTimestampIsBadStamp() {
        Stamp stamp = genuine.stamp();
        Stamp moved = new Stamp(stamp.keyId(), stamp.timestamp().minusMillis(1), stamp.signature());
        assertRejected(with(genuine, moved), RejectReason.BAD_STAMP);
    }

    @Test
    void frankingKeyOfAnotherMessageIsBadCommitment() {
        FrankingReport other = f.report("send me the money or else");
        FrankingReport forged = new FrankingReport(
                genuine.message(),
                other.frankingKey(),
                genuine.commitment(),
                genuine.sender(),
                genuine.conversation(),
                genuine.stamp());
        assertRejected(forged, RejectReason.BAD_COMMITMENT);
    }

    @Test
    void stampByAnotherKeyUnderTheRegisteredKeyIdIsBadStamp() {
        RelayKeyPair impostor = RelayKeys.generate(f.relayKey.id(), f.random);
        Stamp stamp = new Relay(impostor, Clock.fixed(Fixture.DELIVERED, ZoneOffset.UTC))
                .stamp(genuine.commitment(), genuine.sender(), genuine.conversation());
        assertRejected(with(genuine, stamp), RejectReason.BAD_STAMP);
    }

    @Test
    void stampOverAnotherCommitmentIsBadStamp() {
        FrankingReport other = f.report("have a nice day");
        assertThat(other.stamp().timestamp()).isEqualTo(genuine.stamp().timestamp());
        assertRejected(with(genuine, other.stamp()), RejectReason.BAD_STAMP);
    }

    @Test
    void stampAndCommitmentOfAnotherMessageWithThisMessageIsBadCommitment() {
        FrankingReport other = f.report("have a nice day");
        FrankingReport forged = with(other, genuine.message());
        assertRejected(forged, RejectReason.BAD_COMMITMENT);
    }

    @Test
    void stampByAKeyIdNobodyRegisteredIsUnknownRelayKey() {
        RelayKeyPair rogue = RelayKeys.generate(new RelayKeyId("rogue-relay"), f.random);
        Stamp stamp = new Relay(rogue, Clock.fixed(Fixture.DELIVERED, ZoneOffset.UTC))
                .stamp(genuine.commitment(), genuine.sender(), genuine.conversation());
        assertRejected(with(genuine, stamp), RejectReason.UNKNOWN_RELAY_KEY);
    }

    @Test
    void stampRelabelledWithAnotherRegisteredKeyIdIsBadStamp() {
        RelayKeyPair second = RelayKeys.generate(new RelayKeyId("relay-2026-04"), f.random);
        FrankingVerifier verifier = Fixture.verifierAt(
                RelayKeyRegistry.of(
                        RelayKey.active(f.relayKey.id(), f.relayKey.publicKey(), Fixture.KEY_SINCE),
                        RelayKey.active(second.id(), second.publicKey(), Fixture.KEY_SINCE)),
                Fixture.VERIFIED);
        Stamp stamp = genuine.stamp();
        Stamp relabelled = new Stamp(second.id(), stamp.timestamp(), stamp.signature());
        assertThat(verifier.verify(genuine)).isInstanceOf(Verification.Verified.class);
        assertThat(verifier.verify(with(genuine, relabelled)))
                .isInstanceOfSatisfying(
                        Verification.Rejected.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.BAD_STAMP));
    }

    @Test
    void truncatedOrGarbledFieldsAreMalformed() {
        String json = genuine.toJson();
        String stamp = Base64Url.encode(genuine.stamp().signature());
        String key = Base64Url.encode(genuine.frankingKey().bytes());
        assertMalformed(json.replace(stamp, stamp.substring(0, stamp.length() - 2)), "stamp");
        assertMalformed(json.replace(key, key.substring(1)), "franking_key");
        assertMalformed(json.replace(key, "!" + key.substring(1)), "franking_key");
        assertMalformed(json.replace("\"sender_id\":\"", "\"sender_id\":\" "), "sender_id");
        assertMalformed(json.substring(0, json.length() / 2), "json");
    }

    private void assertRejected(FrankingReport forged, RejectReason reason) {
        assertThat(f.verifier.verify(genuine)).isInstanceOf(Verification.Verified.class);
        assertThat(f.verifier.verify(forged))
                .isInstanceOfSatisfying(
                        Verification.Rejected.class, r -> assertThat(r.reason()).isEqualTo(reason));
        // The same forgery sent over the wire gets the same answer.
        assertThat(f.verifier.verifyJson(forged.toJson()))
                .isInstanceOfSatisfying(
                        Verification.Rejected.class, r -> assertThat(r.reason()).isEqualTo(reason));
    }

    private void assertMalformed(String json, String field) {
        assertThat(f.verifier.verifyJson(json)).isInstanceOfSatisfying(Verification.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED);
            assertThat(r.detail()).startsWith(field + ":");
        });
    }

    static FrankingReport with(FrankingReport r, byte[] message) {
        return new FrankingReport(message, r.frankingKey(), r.commitment(), r.sender(), r.conversation(), r.stamp());
    }

    static FrankingReport with(FrankingReport r, Stamp stamp) {
        return new FrankingReport(r.message(), r.frankingKey(), r.commitment(), r.sender(), r.conversation(), stamp);
    }
}
