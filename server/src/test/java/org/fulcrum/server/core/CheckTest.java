package org.fulcrum.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.junit.jupiter.api.Test;

class CheckTest {
    @Test
    void utf8TextIsReadAndMalformedBytesAreRefusedNamingTheField() {
        assertThat(Check.utf8("body", "pdq,ffee — ok".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("pdq,ffee — ok");
        // a lone continuation byte, and an overlong encoding of '/', are not UTF-8
        for (byte[] bad : new byte[][] {{'a', (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}}) {
            assertThatThrownBy(() -> Check.utf8("body", bad))
                    .isInstanceOfSatisfying(
                            InvalidInput.class,
                            e -> assertThat(e.errors().get(0).field()).isEqualTo("body"))
                    .hasMessageContaining("is not UTF-8 text");
        }
    }

    @Test
    void textRefusesNulAndOverlongValues() {
        assertThatThrownBy(() -> Check.text("reason", "a\u0000b", 10)).hasMessageContaining("NUL");
        assertThatThrownBy(() -> Check.text("reason", "x".repeat(11), 10)).hasMessageContaining("at most 10");
        assertThat(Check.text("reason", "fine", 10)).isEqualTo("fine");
    }
}
