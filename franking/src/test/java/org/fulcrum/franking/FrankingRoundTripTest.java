package org.fulcrum.franking;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrankingRoundTripTest {

    private final Fixture f = new Fixture();

    @Test
    void sentRelayedReceivedAndReportedMessageVerifies() {
        byte[] message = "I know where you live.".getBytes(UTF_8);
        byte[] key = f.messageKey();
        Delivery delivery = f.deliver(key, message, Fixture.ALICE, Fixture.CHAT);

        Receipt receipt = f.recipient.open(delivery, key);

        assertThat(receipt).isInstanceOfSatisfying(Receipt.Accepted.class, accepted -> {
            assertThat(accepted.message()).isEqualTo(message);
            FrankingReport report = accepted.report();
            assertThat(report.sender()).isEqualTo(Fixture.ALICE);
            assertThat(report.conversation()).isEqualTo(Fixture.CHAT);
            assertThat(report.timestamp()).isEqualTo(Fixture.DELIVERED);
            assertThat(report.relayKeyId()).isEqualTo(f.relayKey.id());
            assertThat(f.verifier.verify(report)).isEqualTo(new Verification.Verified(report));
        });
    }

    @Test
    void reportSentAsJsonVerifiesOnArrival() {
        FrankingReport report = f.report("you will regret this");

        String json = report.toJson();

        assertThat(FrankingReport.fromJson(json)).isEqualTo(new ParsedReport.Ok(report));
        assertThat(f.verifier.verifyJson(json)).isEqualTo(new Verification.Verified(report));
    }

    @Test
    void emptyAndMaximumSizeMessagesVerify() {
        FrankingReport empty = f.report(new byte[0], Fixture.ALICE, Fixture.CHAT);
        FrankingReport largest =
                f.report(new byte[FrankingReport.DEFAULT_MAX_MESSAGE_BYTES], Fixture.ALICE, Fixture.CHAT);

        assertThat(f.verifier.verifyJson(empty.toJson())).isInstanceOf(Verification.Verified.class);
        assertThat(f.verifier.verifyJson(largest.toJson())).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void anyoneWithTheRelayPublicKeyTextCanCheckAStamp() {
        FrankingReport report = f.report("hello");
        String published = RelayKeys.encodePublicKey(f.relayKey.publicKey());

        assertThat(report.stamp()
                        .isValidFor(
                                RelayKeys.decodePublicKey(published),
                                report.commitment(),
                                report.sender(),
                                report.conversation()))
                .isTrue();
        assertThat(report.stamp()
                        .isValidFor(
                                RelayKeys.decodePublicKey(published),
                                report.commitment(),
                                new SenderId("user:2002"),
                                report.conversation()))
                .isFalse();
    }
}
