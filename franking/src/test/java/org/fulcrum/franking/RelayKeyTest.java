package org.fulcrum.franking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RelayKeyTest {

    private final Fixture f = new Fixture();
    private final FrankingReport report = f.report("you're next");

    @Nested
    class KeyText {

        @Test
        void publicKeyIsBase64OfItsRaw32Bytes() {
            String text = RelayKeys.encodePublicKey(f.relayKey.publicKey());
            assertThat(text).hasSize(44);
            assertThat(Base64.getDecoder().decode(text)).hasSize(32);
            assertThat(RelayKeys.decodePublicKey(text + "\n")).isEqualTo(f.relayKey.publicKey());
        }

        @Test
        void keyPairSurvivesEncodingAndStillSignsVerifiableStamps() {
            RelayKeyPair decoded = RelayKeys.decodeKeyPair(
                    f.relayKey.id(),
                    RelayKeys.encodePrivateKey(f.relayKey),
                    RelayKeys.encodePublicKey(f.relayKey.publicKey()));
            Stamp stamp = new Relay(decoded, Clock.fixed(Fixture.DELIVERED, ZoneOffset.UTC))
                    .stamp(report.commitment(), report.sender(), report.conversation());
            assertThat(f.verifier.verify(ForgedReportTest.with(report, stamp)))
                    .isInstanceOf(Verification.Verified.class);
            assertThat(decoded.toString()).doesNotContain(RelayKeys.encodePrivateKey(f.relayKey));
        }

        @Test
        void refusesMismatchedOrMalformedKeys() {
            RelayKeyPair other = RelayKeys.generate(new RelayKeyId("other"), f.random);
            assertThatThrownBy(() -> RelayKeys.decodeKeyPair(
                            f.relayKey.id(),
                            RelayKeys.encodePrivateKey(f.relayKey),
                            RelayKeys.encodePublicKey(other.publicKey())))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(
                            () -> RelayKeys.decodePublicKey(Base64.getEncoder().encodeToString(new byte[31])))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> RelayKeys.decodePublicKey("not base64!"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void registryRefusesTheSameKeyIdTwice() {
            RelayKey key = RelayKey.active(f.relayKey.id(), f.relayKey.publicKey(), Fixture.KEY_SINCE);
            assertThatThrownBy(() -> RelayKeyRegistry.of(key, key.retiredAt(Fixture.VERIFIED)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Lifecycle {

        private final RelayKey registered = RelayKey.active(f.relayKey.id(), f.relayKey.publicKey(), Fixture.KEY_SINCE);

        @Test
        void retiredKeyStillVerifiesStampsFromItsPeriod() {
            RelayKey retired = registered.retiredAt(Fixture.DELIVERED.plusMillis(1));
            assertThat(verify(retired, Fixture.VERIFIED)).isInstanceOf(Verification.Verified.class);
        }

        @Test
        void stampDatedAtOrAfterRetirementIsExpiredKey() {
            assertRejected(verify(registered.retiredAt(Fixture.DELIVERED), Fixture.VERIFIED), RejectReason.EXPIRED_KEY);
        }

        @Test
        void stampDatedBeforeTheKeyCameIntoServiceIsExpiredKey() {
            RelayKey later = new RelayKey(
                    registered.id(), registered.publicKey(), Fixture.DELIVERED.plusMillis(1), Instant.MAX, false);
            assertRejected(verify(later, Fixture.VERIFIED), RejectReason.EXPIRED_KEY);
        }

        @Test
        void revokedKeyVerifiesNothingEvenInsideItsPeriod() {
            assertRejected(verify(registered.revoke(), Fixture.VERIFIED), RejectReason.REVOKED_KEY);
        }

        @Test
        void stampFromTheFutureBeyondClockSkewIsOutOfRange() {
            Instant now = Fixture.DELIVERED.minus(Duration.ofMinutes(5)).minusMillis(1);
            assertRejected(verify(registered, now), RejectReason.TIMESTAMP_OUT_OF_RANGE);
            assertThat(verify(registered, now.plusMillis(1))).isInstanceOf(Verification.Verified.class);
        }

        @Test
        void stampOlderThanTheMaximumAgeIsOutOfRange() {
            Instant now = Fixture.DELIVERED.plus(Duration.ofDays(365));
            assertThat(verify(registered, now)).isInstanceOf(Verification.Verified.class);
            assertRejected(verify(registered, now.plusMillis(1)), RejectReason.TIMESTAMP_OUT_OF_RANGE);
        }

        @Test
        void messageOverThePolicyLimitIsMalformed() {
            VerifierPolicy small =
                    new VerifierPolicy(report.message().length - 1, Duration.ofMinutes(5), Duration.ofDays(1));
            FrankingVerifier verifier = new FrankingVerifier(
                    RelayKeyRegistry.of(registered), Clock.fixed(Fixture.VERIFIED, ZoneOffset.UTC), small);
            assertRejected(verifier.verify(report), RejectReason.MALFORMED);
            assertRejected(verifier.verifyJson(report.toJson()), RejectReason.MALFORMED);
        }

        private Verification verify(RelayKey key, Instant now) {
            return Fixture.verifierAt(RelayKeyRegistry.of(key), now).verify(report);
        }
    }

    private static void assertRejected(Verification verification, RejectReason reason) {
        assertThat(verification)
                .isInstanceOfSatisfying(
                        Verification.Rejected.class, r -> assertThat(r.reason()).isEqualTo(reason));
    }
}
