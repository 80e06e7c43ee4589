package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Keywords, expressions and domains matched against hostile text. */
class TextRulesTest {
    static String find(RuleKind kind, List<String> patterns, String text) {
        return TextMatcher.compile(kind, patterns).find(new ScanText(text));
    }

    @Nested
    class ObfuscatedKeywords {
        final List<String> terms = List.of("free bitcoin", "kill", "scam*", "hate");

        String hit(String text) {
            return find(RuleKind.keywords, terms, text);
        }

        @Test
        void plainWordsMatchWholeWordsOnly() {
            assertThat(hit("get FREE Bitcoin now")).isEqualTo("free bitcoin");
            assertThat(hit("a skill to learn")).isNull();
            assertThat(hit("killer whales")).isNull();
            assertThat(hit("the scammers are back")).isEqualTo("scam*");
        }

        @Test
        void zeroWidthAndInvisibleCharactersAreIgnored() {
            assertThat(hit("free bit\u200Bcoin")).isEqualTo("free bitcoin");
            assertThat(hit("k\u200Di\u200Cl\u2060l them")).isEqualTo("kill");
            assertThat(hit("h\u00ADa\uFEFFt\u034Fe")).isEqualTo("hate");
            assertThat(hit("k\u200Eill")).isEqualTo("kill");
        }

        @Test
        void leetspeakIsUndoneInsideWords() {
            assertThat(hit("fr33 b1tc01n")).isEqualTo("free bitcoin");
            assertThat(hit("k1ll")).isEqualTo("kill");
            assertThat(hit("h@t3")).isEqualTo("hate");
            assertThat(hit("$cam artists")).isEqualTo("scam*");
            assertThat(hit("ki||")).isEqualTo("kill");
        }

        @Test
        void fullwidthAndMathematicalLettersFoldToAscii() {
            assertThat(hit("ｆｒｅｅ ｂｉｔｃｏｉｎ")).isEqualTo("free bitcoin");
            assertThat(hit("𝐤𝐢𝐥𝐥")).isEqualTo("kill");
            assertThat(hit("ⓚⓘⓛⓛ")).isEqualTo("kill");
        }

        @Test
        void cyrillicAndGreekLookAlikesReadAsLatin() {
            assertThat(hit("frее bitсоin")).as("Cyrillic е, с, о").isEqualTo("free bitcoin");
            assertThat(hit("НАТЕ")).as("Cyrillic capitals").isEqualTo("hate");
            assertThat(hit("ΗΑΤΕ")).as("Greek capitals").isEqualTo("hate");
            assertThat(hit("ѕсаm")).as("Cyrillic ѕ с а").isEqualTo("scam*");
        }

        @Test
        void lookAlikesFromEveryScriptInTheTr39DataReadAsLatin() {
            assertThat(hit("ꓢꓚꓮꓟ")).as("Lisu").isEqualTo("scam*");
            assertThat(hit("ᏚᏟᎪᎷ")).as("Cherokee").isEqualTo("scam*");
            assertThat(hit("ꓗꓲꓡꓡ")).as("Lisu").isEqualTo("kill");
            assertThat(hit("ƘƖᏞᏞ")).as("Latin hook K, iota, Cherokee L").isEqualTo("kill");
            assertThat(hit("ʜᴀᴛᴇ")).as("small capitals").isEqualTo("hate");
        }

        @Test
        void caseDiacriticsAndSpacedOutLettersAreFolded() {
            assertThat(hit("KÎLL")).isEqualTo("kill");
            assertThat(hit("k i l l")).isEqualTo("kill");
            assertThat(hit("k.i.l.l")).isEqualTo("kill");
            assertThat(hit("h-a-t-e")).isEqualTo("hate");
        }

        @Test
        void everyObfuscationAtOnce() {
            assertThat(hit("Ｆ\u200Dr３е  ｂ1ｔ\u200Bс0ï𝐧!!")).isEqualTo("free bitcoin");
        }

        @Test
        void punctuationAfterAWordIsNotLeet() {
            assertThat(hit("i hate!")).isEqualTo("hate");
            assertThat(hit("stop!")).isNull();
            assertThat(hit("call 5555")).isNull();
        }

        @Test
        void termsInScriptsWithoutSpacesMatchInsideText() {
            assertThat(find(RuleKind.keywords, List.of("炸弹"), "我有一个炸弹在这里")).isEqualTo("炸弹");
        }

        @Test
        void aTermWithoutLettersIsRefusedNamingIt() {
            assertThatThrownBy(() -> TextMatcher.compile(RuleKind.keywords, List.of("ok", "!!!")))
                    .isInstanceOf(InvalidInput.class)
                    .extracting(e -> ((InvalidInput) e).field())
                    .isEqualTo("patterns[1]");
        }
    }

    @Nested
    class Domains {
        final List<String> list = List.of("evil.example", "*.bad.test", "https://phish.example/login", "бюро.example");

        String hit(String text) {
            return find(RuleKind.domains, list, text);
        }

        @Test
        void domainsAndTheirSubdomainsMatch() {
            assertThat(hit("see https://evil.example/x")).isEqualTo("evil.example");
            assertThat(hit("see cdn.a.EVIL.example now")).isEqualTo("evil.example");
            assertThat(hit("mail me at x@bad.test")).isEqualTo("*.bad.test");
            assertThat(hit("login at phish.example:8443")).isEqualTo("https://phish.example/login");
        }

        @Test
        void lookalikeSuffixesAndOtherDomainsDoNotMatch() {
            assertThat(hit("notevil.example is fine")).isNull();
            assertThat(hit("evil.example.org is someone else")).isNull();
            assertThat(hit("the end. Next sentence")).isNull();
        }

        @Test
        void defangedFullwidthAndInternationalisedSpellingsMatch() {
            assertThat(hit("evil[.]example")).isEqualTo("evil.example");
            assertThat(hit("evil(dot)example")).isEqualTo("evil.example");
            assertThat(hit("ｅｖｉｌ．ｅｘａｍｐｌｅ")).isEqualTo("evil.example");
            assertThat(hit("www.бюро.example")).isEqualTo("бюро.example");
        }

        @Test
        void anEntryThatIsNoDomainIsRefusedNamingIt() {
            assertThatThrownBy(() -> TextMatcher.compile(RuleKind.domains, List.of("ok.example", "bad domain!")))
                    .isInstanceOf(InvalidInput.class)
                    .extracting(e -> ((InvalidInput) e).field())
                    .isEqualTo("patterns[1]");
        }
    }

    @Nested
    class Expressions {
        @Test
        void expressionsMatchTheCleanedText() {
            assertThat(find(RuleKind.regex, List.of("(?i)wire\\s+\\$?\\d+ (usd|eur)"), "Wire\u200B 500 USD today"))
                    .isEqualTo("(?i)wire\\s+\\$?\\d+ (usd|eur)");
            assertThat(find(RuleKind.regex, List.of("(?i)wire\\s+\\d+ usd"), "wireless 500 usd"))
                    .isNull();
        }

        @Test
        void invalidOrEverythingMatchingExpressionsAreRefused() {
            assertThatThrownBy(() -> TextMatcher.compile(RuleKind.regex, List.of("a(b")))
                    .isInstanceOf(InvalidInput.class)
                    .hasMessageContaining("not a valid RE2 expression");
            assertThatThrownBy(() -> TextMatcher.compile(RuleKind.regex, List.of("ok", "x*")))
                    .isInstanceOf(InvalidInput.class)
                    .extracting(e -> ((InvalidInput) e).field())
                    .isEqualTo("patterns[1]");
            assertThatThrownBy(() -> TextMatcher.compile(RuleKind.regex, List.of("(a)\\1")))
                    .as("backreferences need backtracking; RE2 has none")
                    .isInstanceOf(InvalidInput.class);
        }
    }
}
