package org.fulcrum.tlog.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.fulcrum.testkit.Seeded;
import org.fulcrum.tlog.MalformedInput;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.junit.jupiter.api.Test;

class CheckpointTest {

    private static final byte[] ROOT = Rfc6962.leafHash(new byte[] {1, 2, 3});
    private static final String ROOT64 = Base64.getEncoder().encodeToString(ROOT);

    @Test
    void formatAndParseRoundTrip() {
        Seeded.forAll(50, r -> formatAndParseRoundTrip(Seeded.between(r, 0, Long.MAX_VALUE)));
    }

    private static void formatAndParseRoundTrip(long size) {
        Checkpoint checkpoint = new Checkpoint("fulcrum.example/log", size, ROOT);
        String text = checkpoint.format();
        assertThat(text).isEqualTo("fulcrum.example/log\n" + size + "\n" + ROOT64 + "\n");
        assertThat(Checkpoint.parse(text)).isEqualTo(checkpoint);
    }

    @Test
    void extensionLinesAreKeptInOrder() {
        String text = "o\n5\n" + ROOT64 + "\nfirst ext\nsecond ext\n";
        Checkpoint checkpoint = Checkpoint.parse(text);
        assertThat(checkpoint.extensions()).containsExactly("first ext", "second ext");
        assertThat(checkpoint.format()).isEqualTo(text);
    }

    @Test
    void rejectsEveryDeviationFromTheFormat() {
        String unpadded = ROOT64.substring(0, ROOT64.length() - 1);
        String shortRoot = Base64.getEncoder().encodeToString(new byte[31]);
        for (String bad : new String[] {
            "o\n5\n" + ROOT64, // no final newline
            "o\n5\n", // no root hash line
            "\n5\n" + ROOT64 + "\n", // empty origin
            "o\n05\n" + ROOT64 + "\n", // leading zero
            "o\n+5\n" + ROOT64 + "\n", // sign
            "o\n-5\n" + ROOT64 + "\n",
            "o\n 5\n" + ROOT64 + "\n",
            "o\n18446744073709551615\n" + ROOT64 + "\n", // beyond a signed 64-bit size
            "o\n5\n" + unpadded + "\n", // unpadded base64
            "o\n5\n" + shortRoot + "\n", // 31-byte root
            "o\n5\n" + ROOT64 + "\n\n", // empty extension line
        }) {
            assertThatThrownBy(() -> Checkpoint.parse(bad)).as(bad).isInstanceOf(MalformedInput.class);
        }
        assertThat(Checkpoint.parse("o\n0\n" + ROOT64 + "\n").size()).isZero();
    }

    @Test
    void constructorRejectsWhatCouldNotBeFormatted() {
        assertThatThrownBy(() -> new Checkpoint("two\nlines", 1, ROOT)).isInstanceOf(MalformedInput.class);
        assertThatThrownBy(() -> new Checkpoint("o", -1, ROOT)).isInstanceOf(MalformedInput.class);
        assertThatThrownBy(() -> new Checkpoint("o", 1, new byte[31])).isInstanceOf(MalformedInput.class);
        assertThatThrownBy(() -> new Checkpoint("o", 1, ROOT, List.of(""))).isInstanceOf(MalformedInput.class);
    }
}
