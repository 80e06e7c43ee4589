package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.web.Pages.Attention;
import org.junit.jupiter.api.Test;

/** The counts beside the navigation's links: fresh on a page, recent on a poll, per viewer when personal. */
class AttentionsTest {
    private final ManualTime time = ManualTime.startingNow();
    private final Attentions attentions = new Attentions(time.clock());

    private static Caller caller(String actor) {
        return new Caller() {
            @Override
            public String actor() {
                return actor;
            }

            @Override
            public Set<Role> roles() {
                return Set.of(Role.LEGAL);
            }
        };
    }

    @Test
    void aPollIsAnsweredFromARecentReadingAndAPageReadsAfresh() {
        AtomicLong waiting = new AtomicLong(1);
        AtomicLong reads = new AtomicLong();
        attentions.register("/console/lawful", false, viewer -> {
            reads.incrementAndGet();
            return new Attention(waiting.get(), false, waiting.get() + " waiting");
        });
        Caller anna = caller("staff:anna");
        assertThat(attentions.of(List.of("/console/lawful"), anna, false))
                .containsEntry("/console/lawful", new Attention(1, false, "1 waiting"));
        waiting.set(2);
        // a poll within the freshness window gets the reading it had, for anyone
        assertThat(attentions
                        .of(List.of("/console/lawful"), caller("staff:ben"), false)
                        .get("/console/lawful")
                        .count())
                .isEqualTo(1);
        assertThat(reads).hasValue(1);
        // a page being rendered reads again
        assertThat(attentions
                        .of(List.of("/console/lawful"), anna, true)
                        .get("/console/lawful")
                        .count())
                .isEqualTo(2);
        waiting.set(3);
        time.advance(Attentions.FRESH.minusMillis(1));
        assertThat(attentions
                        .of(List.of("/console/lawful"), anna, false)
                        .get("/console/lawful")
                        .count())
                .isEqualTo(2);
        time.advance(Duration.ofMillis(1));
        assertThat(attentions
                        .of(List.of("/console/lawful"), anna, false)
                        .get("/console/lawful")
                        .count())
                .isEqualTo(3);
        assertThat(reads).hasValue(3);
    }

    @Test
    void aPersonalCountIsEachViewersOwnAndNothingWaitingShowsNoBadge() {
        attentions.register(
                "/console/escalations",
                true,
                viewer -> viewer.actor().equals("staff:anna")
                        ? new Attention(2, false, "2 open cases escalated to you")
                        : new Attention(0, false, "0 open cases escalated to you"));
        assertThat(attentions.of(List.of("/console/escalations"), caller("staff:anna"), false))
                .containsOnlyKeys("/console/escalations");
        assertThat(attentions.of(List.of("/console/escalations"), caller("staff:ben"), false))
                .isEmpty();
    }

    @Test
    void aCountThatFailsIsLeftOutAndTheOthersStay() {
        attentions.register("/console/queues", false, viewer -> {
            throw new IllegalStateException("store closed");
        });
        attentions.register("/console/lawful", false, viewer -> new Attention(1, true, "1 alerted"));
        Map<String, Attention> shown = attentions.of(
                List.of("/console/queues", "/console/lawful", "/console/subjects"), caller("staff:anna"), true);
        assertThat(shown).containsOnlyKeys("/console/lawful");
        assertThat(shown.get("/console/lawful").urgent()).isTrue();
    }

    @Test
    void aPageHasOneCount() {
        attentions.register("/console/lawful", false, viewer -> new Attention(1, false, "1"));
        assertThatThrownBy(() -> attentions.register("/console/lawful", false, viewer -> new Attention(2, false, "2")))
                .isInstanceOf(IllegalStateException.class);
    }
}
