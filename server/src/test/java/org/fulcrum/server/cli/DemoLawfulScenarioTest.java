package org.fulcrum.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fulcrum demo --fast} plays the lawful steps 2 to 6 of the reference scenario and reports them. */
class DemoLawfulScenarioTest {
    @TempDir
    Path data;

    @Test
    void theDemoPlaysTheLawfulStepsOfTheSeedScenario() {
        LawfulCliTest.Run run =
                LawfulCliTest.run("demo", "--fast", "--port", "0", "--data", data.toString(), "--accounts", "300");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out())
                .contains("Step 2: French TCO removal order for known terrorist content -> completed (comply)")
                .contains(
                        "Step 3: Russian demand for the encryption keys of private chats -> refused (refuse by principle no-keys)")
                .contains(
                        "Step 4: Iranian demand to block a peaceful protest channel -> refused (refuse by principle peaceful-expression)")
                .contains(
                        "Step 5: Court order to disclose a terror suspect's subscriber data (two approvers) -> completed")
                .contains("Step 6: forged emergency request from an unregistered key -> HTTP 401");
        // every detail line is printed under its own step's heading
        assertThat(headingOf(run.out(), "  first escalated for a reviewer's finding"))
                .startsWith("Step 4:");
        assertThat(headingOf(run.out(), "  package decrypted with the officer's key"))
                .startsWith("Step 5:");
        assertThat(headingOf(run.out(), "  the moderator blocked the channel")).startsWith("Step 1:");
    }

    /** The last step heading printed before the first line starting with {@code detail}. */
    private static String headingOf(String out, String detail) {
        String heading = "";
        for (String line : out.split("\\R")) {
            if (line.startsWith("Step ")) {
                heading = line;
            } else if (line.startsWith(detail)) {
                return heading;
            }
        }
        throw new AssertionError("no line starting with '" + detail + "' in\n" + out);
    }
}
