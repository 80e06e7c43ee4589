package org.fulcrum.franking;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * One messenger wired the way it runs: a relay with a registered key, a sending and a receiving
 * client, and the platform's verifier an hour after delivery.
 */
final class Fixture {

    static final Instant DELIVERED = Instant.parse("2026-03-01T12:00:00.123Z");
    static final Instant VERIFIED = DELIVERED.plus(Duration.ofHours(1));
    static final Instant KEY_SINCE = DELIVERED.minus(Duration.ofDays(30));
    static final SenderId ALICE = new SenderId("user:1001");
    static final ConversationId CHAT = new ConversationId("chat:1001-2002");

    final SecureRandom random = new SecureRandom();
    final RelayKeyPair relayKey = RelayKeys.generate(new RelayKeyId("relay-2026-03"), random);
    final Relay relay = new Relay(relayKey, Clock.fixed(DELIVERED, ZoneOffset.UTC));
    final Sender sender = new Sender(random);
    final Recipient recipient = new Recipient();
    final RelayKeyRegistry registry =
            RelayKeyRegistry.of(RelayKey.active(relayKey.id(), relayKey.publicKey(), KEY_SINCE));
    final FrankingVerifier verifier = new FrankingVerifier(registry, Clock.fixed(VERIFIED, ZoneOffset.UTC));

    byte[] messageKey() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return key;
    }

    Delivery deliver(byte[] messageKey, byte[] message, SenderId from, ConversationId in) {
        FrankedMessage franked = sender.frank(messageKey, message, from, in);
        Stamp stamp = relay.stamp(franked.commitment(), from, in);
        return new Delivery(from, in, franked.envelope(), franked.commitment(), stamp);
    }

    /** Sends, relays and receives {@code message}, returning the recipient's report. */
    FrankingReport report(byte[] message, SenderId from, ConversationId in) {
        byte[] key = messageKey();
        Receipt receipt = recipient.open(deliver(key, message, from, in), key);
        assertThat(receipt).isInstanceOf(Receipt.Accepted.class);
        return ((Receipt.Accepted) receipt).report();
    }

    FrankingReport report(String message) {
        return report(message.getBytes(UTF_8), ALICE, CHAT);
    }

    static FrankingVerifier verifierAt(RelayKeyRegistry registry, Instant now) {
        return new FrankingVerifier(registry, Clock.fixed(now, ZoneOffset.UTC));
    }
}
