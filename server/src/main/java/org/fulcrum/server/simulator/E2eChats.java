package org.fulcrum.server.simulator;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.fulcrum.franking.ConversationId;
import org.fulcrum.franking.Delivery;
import org.fulcrum.franking.FrankedMessage;
import org.fulcrum.franking.Receipt;
import org.fulcrum.franking.Recipient;
import org.fulcrum.franking.RecipientId;
import org.fulcrum.franking.Relay;
import org.fulcrum.franking.RelayKeyId;
import org.fulcrum.franking.RelayKeyPair;
import org.fulcrum.franking.RelayKeys;
import org.fulcrum.franking.Sender;
import org.fulcrum.franking.SenderId;

/**
 * The simulated messenger's private chats: clients encrypt each message end to end with a franking
 * commitment, the relay stamps the commitment without seeing the message, and the recipient
 * decrypts and can report. Only the relay's public key ever reaches Fulcrum.
 */
public final class E2eChats {
    private final SecureRandom random = new SecureRandom();
    private final RelayKeyPair relayKey;
    private final Relay relay;
    private final Sender sender = new Sender(random);
    private final Recipient recipient = new Recipient();

    public E2eChats(String relayKeyId, Clock clock) {
        this.relayKey = RelayKeys.generate(new RelayKeyId(relayKeyId), random);
        this.relay = new Relay(relayKey, clock);
    }

    /** The relay's public key, base64 of the raw 32 bytes, for registration with Fulcrum. */
    public String relayPublicKey() {
        return RelayKeys.encodePublicKey(relayKey.publicKey());
    }

    public String relayKeyId() {
        return relayKey.id().value();
    }

    /**
     * {@code from} sends {@code text} to the conversation; the recipient opens it and reports it, from a
     * relay that still stamps franking version 1 (no recipient bound). Returns the report JSON.
     */
    public String sendAndReport(String from, String conversation, String text) {
        return sendAndReport(from, Optional.empty(), conversation, text);
    }

    /**
     * {@code from} sends {@code text} to {@code to} in the conversation; the relay stamps the copy for
     * {@code to} (franking version 2), who opens it and reports it. Only {@code to} can submit the report.
     */
    public String sendAndReport(String from, String to, String conversation, String text) {
        return sendAndReport(from, Optional.of(new RecipientId(to)), conversation, text);
    }

    private String sendAndReport(String from, Optional<RecipientId> to, String conversation, String text) {
        byte[] messageKey = new byte[32];
        random.nextBytes(messageKey);
        SenderId senderId = new SenderId(from);
        ConversationId conversationId = new ConversationId(conversation);
        FrankedMessage franked =
                sender.frank(messageKey, text.getBytes(StandardCharsets.UTF_8), senderId, conversationId);
        var stamp = to.map(r -> relay.stampFor(franked.commitment(), senderId, conversationId, r))
                .orElseGet(() -> relay.stamp(franked.commitment(), senderId, conversationId));
        Delivery delivery = new Delivery(senderId, conversationId, franked.envelope(), franked.commitment(), stamp);
        return switch (recipient.open(delivery, messageKey)) {
            case Receipt.Accepted ok -> ok.report().toJson();
            case Receipt.Refused no ->
                throw new IllegalStateException("the recipient refused the message: " + no.reason());
        };
    }
}
