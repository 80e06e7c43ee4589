package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The prefilter literal is one every match contains; skipping texts without it never loses a match. */
class RequiredLiteralTest {
    static Optional<String> literal(String pattern) {
        return RequiredLiteral.of(pattern).map(RequiredLiteral::text);
    }

    @Test
    void takesTheLongestCertainRunAtTheTopLevel() {
        assertThat(literal("(?i)wire [0-9]+ USD")).contains("wire ");
        assertThat(literal("free\\.bitcoin(s)? now")).contains("free.bitcoin");
        assertThat(literal("abcx?defgh")).contains("defgh");
        assertThat(literal("ab+cdef")).contains("cdef");
        assertThat(literal("xyzab+c")).contains("xyzab");
        assertThat(literal("^call \\d{3} now$")).contains("call ");
        assertThat(literal("[a-z]+ pills [0-9]")).contains(" pills ");
    }

    @Test
    void givesUpWhereALiteralIsNotCertain() {
        assertThat(literal("cheap|pills")).isEmpty();
        assertThat(literal("(?i:cheap) pills")).isEmpty();
        assertThat(literal("a(?i)bcdef")).isEmpty();
        assertThat(literal("\\x41bcdef")).isEmpty();
        assertThat(literal("\\p{Greek}abcdef")).isEmpty();
        assertThat(literal("\\Q)\\Eabc|xyz")).isEmpty();
        assertThat(literal("ab.cd")).isEmpty();
        assertThat(literal("(abc|def)")).isEmpty();
        assertThat(literal("é-mail")).contains("-mail");
        assertThat(literal("x{2,3}y")).isEmpty();
    }

    @Test
    void theFilteredMatcherFindsExactlyWhatRe2Finds() {
        List<String> patterns = List.of(
                "(?i)wire [0-9]+ usd",
                "free\\.bitcoin(s)? now",
                "abcx?defgh",
                "ab+cdef",
                "[a-z]+ pills [0-9]",
                "(?i)(cheap|low) ViAgRa",
                "^call \\d{3} now$",
                "x{2,3}yz",
                "(?s)start.*end",
                "(?i)k[i1]ll you",
                "[[:alpha:]]+ ok yes");
        String alphabet = "abcdefxyzWIREUSDvi agr.0123456789 \nKkſ";
        Random random = new Random(31);
        List<String> planted = List.of(
                "WIRE 500 USD",
                "free.bitcoins now",
                "abcdefgh",
                "abbbcdef",
                "x pills 1",
                "Low viagra",
                "call 123 now",
                "xxxyz",
                "start middle end",
                "KILL YOU",
                "word ok yes");
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(40);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (random.nextInt(3) == 0) {
                sb.insert(random.nextInt(sb.length() + 1), planted.get(random.nextInt(planted.size())));
            }
            ScanText text = new ScanText(sb.toString());
            for (String p : patterns) {
                boolean re2 = Pattern.compile(p).matcher(text.clean()).find();
                boolean filtered =
                        TextMatcher.compile(RuleKind.regex, List.of(p)).find(text) != null;
                assertThat(filtered).as("%s on '%s'", p, sb).isEqualTo(re2);
            }
        }
    }
}
