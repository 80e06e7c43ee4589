package org.fulcrum.bench.franking;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import org.fulcrum.franking.ConversationId;
import org.fulcrum.franking.Delivery;
import org.fulcrum.franking.FrankedMessage;
import org.fulcrum.franking.FrankingReport;
import org.fulcrum.franking.FrankingVerifier;
import org.fulcrum.franking.Receipt;
import org.fulcrum.franking.Recipient;
import org.fulcrum.franking.Relay;
import org.fulcrum.franking.RelayKey;
import org.fulcrum.franking.RelayKeyId;
import org.fulcrum.franking.RelayKeyPair;
import org.fulcrum.franking.RelayKeyRegistry;
import org.fulcrum.franking.RelayKeys;
import org.fulcrum.franking.Sender;
import org.fulcrum.franking.SenderId;
import org.fulcrum.franking.Stamp;
import org.fulcrum.franking.Verification;

/**
 * Messages per second on one thread for each role: the sender (franking + committing encryption of
 * a 200-byte message), the relay (stamp), the recipient (decrypt + commitment check) and Fulcrum
 * (verify a report, from JSON). Each phase runs for a fixed time after a warm-up.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.fulcrum.bench.franking.FrankingThroughput [seconds]}
 */
public final class FrankingThroughput {
    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        SecureRandom random = new SecureRandom();
        RelayKeyPair key = RelayKeys.generate(new RelayKeyId("bench"), random);
        Relay relay = new Relay(key, Clock.systemUTC());
        Sender sender = new Sender(random);
        Recipient recipient = new Recipient();
        FrankingVerifier verifier = new FrankingVerifier(
                RelayKeyRegistry.of(
                        RelayKey.active(key.id(), key.publicKey(), Instant.now().minusSeconds(3600))),
                Clock.systemUTC());
        byte[] message = "x".repeat(200).getBytes(StandardCharsets.UTF_8);
        byte[] messageKey = new byte[32];
        random.nextBytes(messageKey);
        SenderId from = new SenderId("user:1");
        ConversationId conv = new ConversationId("chat:1-2");
        FrankedMessage sample = sender.frank(messageKey, message, from, conv);
        Stamp stamp = relay.stamp(sample.commitment(), from, conv);
        Delivery delivery = new Delivery(from, conv, sample.envelope(), sample.commitment(), stamp);
        FrankingReport report = ((Receipt.Accepted) recipient.open(delivery, messageKey)).report();
        String json = report.toJson();

        rate("sender: frank + encrypt", seconds, () -> sender.frank(messageKey, message, from, conv));
        rate("relay: stamp", seconds, () -> relay.stamp(sample.commitment(), from, conv));
        rate("recipient: decrypt + check commitment", seconds, () -> recipient.open(delivery, messageKey));
        rate("fulcrum: verify a report (JSON)", seconds, () -> {
            if (!(verifier.verifyJson(json) instanceof Verification.Verified)) {
                throw new IllegalStateException("report did not verify");
            }
        });
    }

    private static void rate(String name, int seconds, Runnable op) {
        long warm = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warm) {
            op.run();
        }
        long n = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            op.run();
            n++;
        }
        double perSecond = n / ((System.nanoTime() - start) / 1e9);
        System.out.printf("%-40s %,10.0f per second on one thread%n", name, perSecond);
    }
}
