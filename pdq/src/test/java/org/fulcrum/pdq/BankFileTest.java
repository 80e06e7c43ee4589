package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BankFileTest {
    private static final String A = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    private static final String B = "30a10efd71cc3d429013d48d0ffffc52e34e0e17ada952a9d29685211ea9e5af";

    private static BankFile parse(String text) throws IOException {
        return BankFile.parse(new StringReader(text), "bank.csv");
    }

    @Test
    void hexPerLineSkipsBlankLinesAndComments() throws IOException {
        BankFile bank = parse("# exported 2026-01-01\n" + A + "\n\n  " + B.toUpperCase() + "  \r\n");

        assertThat(bank.header()).isEmpty();
        assertThat(bank.entries()).extracting(BankEntry::hash).containsExactly(PdqHash.fromHex(A), PdqHash.fromHex(B));
        assertThat(bank.entries()).extracting(BankEntry::line).containsExactly(2, 4);
        assertThat(bank.entries().get(0).metadata()).isEmpty();
    }

    @Test
    void csvKeepsMetadataColumnsAndRecognisesAHeader() throws IOException {
        BankFile bank = parse(
                "\uFEFFhash,quality,label\n" + A + ",100,\"bridge, original\"\n" + B + ",90,\"say \"\"hi\"\"\"\n");

        assertThat(bank.header()).containsExactly("hash", "quality", "label");
        assertThat(bank.entries().get(0).metadata()).containsExactly("100", "bridge, original");
        assertThat(bank.entries().get(1).metadata()).containsExactly("90", "say \"hi\"");
    }

    @Test
    void aBadHashNamesItsLine() {
        assertThatThrownBy(() -> parse(A + "\nnot-a-hash\n"))
                .isInstanceOf(MalformedHash.class)
                .hasMessageContaining("bank.csv line 2");
        assertThatThrownBy(() -> parse(A + ",\"open\n"))
                .isInstanceOf(MalformedHash.class)
                .hasMessageContaining("unterminated");
    }

    @Test
    void aHeaderIsOnlyAcceptedFirst() {
        assertThatThrownBy(() -> parse(A + ",x\nhash,label\n"))
                .isInstanceOf(MalformedHash.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void readsAFileAndIndexesItsEntriesByPosition(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bank.txt");
        Files.write(file, List.of(A, B));

        BankFile bank = Pdq.readBank(file);
        List<Match> matches = bank.index().query(PdqHash.fromHex(A).flip(3), 31);

        assertThat(matches).containsExactly(new Match(0, PdqHash.fromHex(A), 1));
        assertThatThrownBy(() -> Pdq.readBank(dir.resolve("absent.txt"))).isInstanceOf(UnreadableInput.class);
    }

    @Test
    void theReferenceHaystackParses() {
        BankFile bank = BankFile.read(ReferenceData.require("hash-lists/haystack.txt"));

        assertThat(bank.entries()).hasSize(1350);
    }
}
