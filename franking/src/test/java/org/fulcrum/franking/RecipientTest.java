package org.fulcrum.franking;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.fulcrum.franking.crypto.CommittingAead;
import org.junit.jupiter.api.Test;

/** The recipient shows only messages it could report. */
class RecipientTest {

    private final Fixture f = new Fixture();
    private final byte[] messageKey = f.messageKey();
    private final byte[] message = "stop talking to her".getBytes(UTF_8);
    private final Delivery delivery = f.deliver(messageKey, message, Fixture.ALICE, Fixture.CHAT);

    @Test
    void showsAnHonestMessage() {
        assertThat(f.recipient.open(delivery, messageKey))
                .isInstanceOfSatisfying(
                        Receipt.Accepted.class, a -> assertThat(a.message()).isEqualTo(message));
    }

    @Test
    void refusesATamperedCiphertextOrTag() {
        byte[] envelope = delivery.envelope();
        for (int i = 0; i < envelope.length; i++) {
            byte[] tampered = envelope.clone();
            tampered[i] ^= (byte) 0x80;
            assertRefused(withEnvelope(tampered), messageKey, Receipt.Reason.DECRYPTION_FAILED);
        }
    }

    @Test
    void refusesWhenTheStampedCommitmentIsNotTheAssociatedData() {
        Delivery other = f.deliver(messageKey, message, Fixture.ALICE, Fixture.CHAT);
        Delivery swapped =
                new Delivery(Fixture.ALICE, Fixture.CHAT, delivery.envelope(), other.commitment(), other.stamp());
        assertRefused(swapped, messageKey, Receipt.Reason.DECRYPTION_FAILED);
    }

    @Test
    void refusesUnderAWrongMessageKey() {
        assertRefused(delivery, f.messageKey(), Receipt.Reason.DECRYPTION_FAILED);
    }

    @Test
    void refusesAnInnerFrankingKeyThatDoesNotReproduceTheCommitment() {
        // A sender who commits with one key and encrypts another, hoping to deliver an unreportable message.
        FrankingKey committed = FrankingKey.random(f.random);
        FrankingKey inside = FrankingKey.random(f.random);
        Commitment commitment = Commitment.compute(committed, message, Fixture.ALICE, Fixture.CHAT);
        byte[] envelope = CommittingAead.seal(messageKey, plaintext(inside, message), commitment.bytes(), f.random);
        assertRefused(delivered(envelope, commitment, Fixture.ALICE), messageKey, Receipt.Reason.BAD_COMMITMENT);
    }

    @Test
    void refusesAMessageOtherThanTheOneCommittedTo() {
        FrankingKey key = FrankingKey.random(f.random);
        Commitment commitment = Commitment.compute(key, "hello".getBytes(UTF_8), Fixture.ALICE, Fixture.CHAT);
        byte[] envelope = CommittingAead.seal(messageKey, plaintext(key, message), commitment.bytes(), f.random);
        assertRefused(delivered(envelope, commitment, Fixture.ALICE), messageKey, Receipt.Reason.BAD_COMMITMENT);
    }

    @Test
    void refusesWhenTheRelayNamesAnotherSenderThanTheOneCommittedTo() {
        FrankedMessage franked = f.sender.frank(messageKey, message, new SenderId("user:9"), Fixture.CHAT);
        assertRefused(
                delivered(franked.envelope(), franked.commitment(), Fixture.ALICE),
                messageKey,
                Receipt.Reason.BAD_COMMITMENT);
    }

    @Test
    void refusesWhenTheRelayNamesAnotherConversationThanTheOneCommittedTo() {
        FrankedMessage franked = f.sender.frank(messageKey, message, Fixture.ALICE, new ConversationId("chat:9"));
        assertRefused(
                delivered(franked.envelope(), franked.commitment(), Fixture.ALICE),
                messageKey,
                Receipt.Reason.BAD_COMMITMENT);
    }

    @Test
    void refusesAPlaintextTooShortToHoldAFrankingKey() {
        Commitment commitment = new Commitment(new byte[32]);
        byte[] envelope = CommittingAead.seal(messageKey, new byte[31], commitment.bytes(), f.random);
        assertRefused(delivered(envelope, commitment, Fixture.ALICE), messageKey, Receipt.Reason.MALFORMED);
    }

    @Test
    void refusesAnEnvelopeOverTheSizeLimitBeforeDecrypting() {
        Recipient small = new Recipient(message.length - 1);
        assertThat(small.open(delivery, messageKey)).isEqualTo(new Receipt.Refused(Receipt.Reason.MALFORMED));
        assertThat(new Recipient(message.length).open(delivery, messageKey)).isInstanceOf(Receipt.Accepted.class);
    }

    private Delivery withEnvelope(byte[] envelope) {
        return new Delivery(
                delivery.sender(), delivery.conversation(), envelope, delivery.commitment(), delivery.stamp());
    }

    private Delivery delivered(byte[] envelope, Commitment commitment, SenderId from) {
        return new Delivery(from, Fixture.CHAT, envelope, commitment, f.relay.stamp(commitment, from, Fixture.CHAT));
    }

    private static byte[] plaintext(FrankingKey key, byte[] message) {
        return ByteBuffer.allocate(FrankingKey.LENGTH + message.length)
                .put(key.bytes())
                .put(message)
                .array();
    }

    private void assertRefused(Delivery d, byte[] key, Receipt.Reason reason) {
        assertThat(f.recipient.open(d, key)).isEqualTo(new Receipt.Refused(reason));
    }
}
