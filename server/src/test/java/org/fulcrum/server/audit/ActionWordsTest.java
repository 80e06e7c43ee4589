package org.fulcrum.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.fulcrum.server.web.Text;
import org.junit.jupiter.api.Test;

/** A record's history as staff read it: each action in words, an unknown one still readable. */
class ActionWordsTest {

    @Test
    void everyActionOnALawfulRequestsHistoryHasItsOwnPhrase() {
        List<String> codes = List.of(
                "request.receive",
                "request.route",
                "request.enter.manual",
                "request.officer",
                "request.decide",
                "request.refuse",
                "request.clarify",
                "request.answer",
                "request.withdraw",
                "callback.confirmed",
                "callback.failed",
                "clock.alert",
                "clock.breached",
                "disclosure.open",
                "disclosure.execute");
        for (String code : codes) {
            assertThat(ActionWords.action(code))
                    .as(code)
                    .isNotEqualTo(Text.words(code))
                    .doesNotContain(".")
                    .doesNotContain("_");
        }
        assertThat(ActionWords.action("request.receive")).isEqualTo("Request received");
        assertThat(ActionWords.action("request.withdraw")).isEqualTo("Request withdrawn by the authority");
    }

    @Test
    void anUnknownCodeReadsAsItsWordsAndNoCodeIsBlank() {
        assertThat(ActionWords.action("relay_key.rename")).isEqualTo("Relay key rename");
        assertThat(ActionWords.action("thing.did-this__twice")).isEqualTo("Thing did this twice");
        assertThat(ActionWords.action(null)).isNotBlank();
        assertThat(ActionWords.action("")).isNotBlank();
        assertThat(ActionWords.action(" . ")).isNotBlank();
    }
}
