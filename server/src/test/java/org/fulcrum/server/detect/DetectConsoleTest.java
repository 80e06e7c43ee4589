package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console pages: a moderator creates a bank and a rule with forms, sees hits; an auditor only reads. */
class DetectConsoleTest {
    static final String PDQ = "f8f8f0cee0f4a84f06370a22038f67f0b36e2ed596221e1d33e6b39c4e9c9b22";

    TestApp app;
    Http moderator;
    Http auditor;

    @BeforeEach
    void start() {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        StaffSessions sessions = new StaffSessions(app.app());
        moderator = app.http().session(sessions.signIn("mona", Role.MODERATOR));
        auditor = app.http().session(sessions.signIn("otto", Role.AUDITOR));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    static byte[] form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"))
                .getBytes(StandardCharsets.UTF_8);
    }

    Http.Response submit(Http who, String path, Map<String, String> fields) {
        return who.post(path, "application/x-www-form-urlencoded", form(fields));
    }

    /** The one group {@code regex} captures in {@code page}; fails when it is not there. */
    static String only(String page, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(page);
        assertThat(m.find()).as("%s in the page", regex).isTrue();
        return m.group(1);
    }

    static String location(Http.Response r) {
        assertThat(r.status()).as(r.body()).isIn(302, 303);
        return r.raw().headers().firstValue("Location").orElseThrow();
    }

    @Test
    void aModeratorManagesABankAndARuleFromTheConsole() throws Exception {
        Map<String, String> bank = new LinkedHashMap<>(Map.of(
                "name",
                "console bank",
                "kind",
                "block",
                "policy",
                "review",
                "reason",
                "scam",
                "threshold",
                "20",
                "enabled",
                "on"));
        String bankPage = location(submit(moderator, "/console/banks", bank));
        assertThat(bankPage).startsWith("/console/banks/bank_");
        String added = location(submit(moderator, bankPage + "/import", Map.of("hashes", PDQ + "\n", "type", "pdq")));
        assertThat(added).contains("message=1+added");
        String page = moderator.get(bankPage).body();
        assertThat(page).contains("console bank").contains(PDQ).contains("1 hash ·");

        // A match on the bank page reads as words: evidence, time to the minute, who added the hash.
        app.app()
                .module(StoreModule.class)
                .db()
                .write(tx -> tx.handle()
                        .createUpdate("UPDATE staff SET display_name = 'Mona Lisa' WHERE username = 'mona'")
                        .execute());
        Map<String, Object> image = Events.post("ev-img", "p-img", "chan", "look");
        image.put("media", List.of(Map.of("pdq", PDQ)));
        app.platform().postJson("/v1/platform/events", Events.of(List.of(image)));
        assertThat(app.detectionIdle(10_000)).isTrue();
        String withMatch = moderator.get(bankPage).body();
        String evidence = only(withMatch, "<td class=\"small evidence\">([^<]*)</td>");
        assertThat(evidence)
                .contains("bank console bank")
                .contains("type pdq")
                .contains("distance 0")
                .contains("threshold 20")
                .doesNotContain("{")
                .doesNotContain("&#34;");
        String minute = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC";
        String when =
                only(withMatch, "<table class=\"matches\">.*?<tbody>\\s*<tr><td><time datetime=\"([^\"]+)\">" + minute);
        assertThat(Instant.parse(when)).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        assertThat(only(
                        withMatch,
                        "<table id=\"hashes\">.*?(<time[^>]*>" + minute
                                + "</time>\\s*by <span title=\"staff:[^\"]+\">[^<]*)</span>"))
                .endsWith("by <span title=\"staff:" + app.queryString("SELECT id FROM staff WHERE username = 'mona'")
                        + "\">Mona Lisa");

        assertThat(withMatch)
                .contains("<td>Sent to review as a notice <code class=\"muted small\">noticed</code>")
                .contains("<td>Bank: console bank</td>");
        assertThat(moderator.get("/console/subjects/p-img").body())
                .contains(
                        "<span class=\"match-outcome\">Sent to review as a notice <code class=\"muted small\">noticed</code></span>");

        String refused = location(submit(moderator, bankPage + "/import", Map.of("hashes", "zz\n")));
        assertThat(refused).contains("error=line+1");
        assertThat(moderator.get(refused).body()).contains("line 1");

        Map<String, String> rule = new LinkedHashMap<>(Map.of(
                "name",
                "console rule",
                "kind",
                "keywords",
                "patterns",
                "free money\nclick here",
                "policy",
                "review",
                "reason",
                "spam",
                "enabled",
                "on",
                "dryRun",
                "on"));
        String rulePage = location(submit(moderator, "/console/rules", rule));
        assertThat(rulePage).startsWith("/console/rules/rule_");
        app.platform()
                .postJson(
                        "/v1/platform/events",
                        Events.of(List.of(Events.post("ev-cons", "p-cons", "chan", "FREE M0NEY for all"))));
        assertThat(app.detectionIdle(10_000)).isTrue();
        String rulesList = moderator.get("/console/rules").body();
        assertThat(rulesList)
                .contains("console rule")
                .contains("<td class=\"hits\">1</td>")
                .contains("<th>Rule</th>")
                .contains("<td title=\"keywords\">Keywords</td>")
                .contains("<td title=\"spam\">Spam</td>")
                .contains("<td title=\"dry_run\">Dry run</td>")
                .containsPattern("<td class=\"hits\">1</td>\\s*<td><time datetime=")
                .doesNotContain("<td>dry_run</td>");
        assertThat(moderator.get("/console/banks").body())
                .contains("<td title=\"block\">Block</td>")
                .contains("<td title=\"review\">Review</td>")
                .contains("<td title=\"scam\">Scam</td>");
        assertThat(moderator.get(rulePage).body()).contains("p-cons").contains("free money");

        Map<String, String> badRule = new LinkedHashMap<>(rule);
        badRule.put("kind", "regex");
        badRule.put("patterns", "(open");
        assertThat(location(submit(moderator, rulePage, badRule))).contains("error=patterns%5B0%5D");
        assertThat(moderator.get("/console/banks").body()).contains("console bank");
    }

    @Test
    void anAuditorReadsButCannotChange() {
        Http.Response banks = auditor.get("/console/banks");
        assertThat(banks.status()).isEqualTo(200);
        assertThat(banks.body())
                .contains("id=\"no-banks\">No hash bank yet.</td>")
                .doesNotContain("id=\"new-bank\"")
                .contains("id=\"moderators-act\"");
        Http.Response rules = auditor.get("/console/rules");
        assertThat(rules.status()).isEqualTo(200);
        assertThat(rules.body())
                .contains("id=\"no-rules\">No detection rule yet.</td>")
                .doesNotContain("action=\"/console/rules\"")
                .contains("id=\"moderators-act\"");
        assertThat(moderator.get("/console/rules").body())
                .contains("action=\"/console/rules\"")
                .doesNotContain("id=\"moderators-act\"");
        assertThat(submit(auditor, "/console/banks", Map.of("name", "x", "kind", "block"))
                        .status())
                .isEqualTo(403);
        assertThat(app.count("hash_bank")).isZero();
    }
}
