package org.fulcrum.franking;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class CommitmentTest {

    private final FrankingKey key = FrankingKey.random(new SecureRandom());

    @Test
    void movingBytesBetweenFieldsChangesTheCommitment() {
        // Without length prefixes these three would encode alike.
        Commitment a = commit("ab", "c:1", "d");
        Commitment b = commit("a", "bc:1", "d");
        Commitment c = commit("ab", "c:", "1d");
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
        assertThat(b).isNotEqualTo(c);
    }

    @Test
    void opensOnlyToItsOwnKeyMessageSenderAndConversation() {
        Commitment commitment = commit("hi", "user:1", "chat:1");
        byte[] hi = "hi".getBytes(UTF_8);
        SenderId user = new SenderId("user:1");
        ConversationId chat = new ConversationId("chat:1");
        assertThat(commitment.opensTo(key, hi, user, chat)).isTrue();
        assertThat(commitment.opensTo(FrankingKey.random(new SecureRandom()), hi, user, chat))
                .isFalse();
        assertThat(commitment.opensTo(key, "Hi".getBytes(UTF_8), user, chat)).isFalse();
        assertThat(commitment.opensTo(key, hi, new SenderId("user:2"), chat)).isFalse();
        assertThat(commitment.opensTo(key, hi, user, new ConversationId("chat:2")))
                .isFalse();
    }

    private Commitment commit(String message, String sender, String conversation) {
        return Commitment.compute(key, message.getBytes(UTF_8), new SenderId(sender), new ConversationId(conversation));
    }
}
