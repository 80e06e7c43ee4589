package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.request.ClockText;
import org.fulcrum.server.lawful.request.Instrument;
import org.fulcrum.server.lawful.request.Lane;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.lawful.request.Parties;
import org.fulcrum.server.lawful.request.RequestClock;
import org.fulcrum.server.lawful.request.RequestKind;
import org.fulcrum.server.lawful.request.RequestState;
import org.fulcrum.server.lawful.request.RequestStatus;
import org.fulcrum.server.lawful.request.Verification;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The four-eyes evidence and the clock of a request, the same on the console page, in the review
 * API and on the authority's side; the request list's filters and paging.
 */
class RequestRecordTest {
    static TestApp app;
    static String legalSession;
    static Http legal;
    static Http legal2;
    static Authority court;
    static String epoc;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        DisclosureTest.app = app;
        StaffSessions staff = new StaffSessions(app.app());
        legalSession = staff.signIn("legal.anna", Role.LEGAL);
        legal = app.http().session(legalSession);
        legal2 = app.http().session(staff.signIn("legal.bruno", Role.LEGAL));
        court = Authority.register(legal, app.url(), "DE", "Staatsanwaltschaft Köln", true);
        DisclosureTest.accountData("acct-record");
        epoc = court.submit(Orders.epoc("EPOC-REC-1", "DE", "acct-record", List.of("phone_number", "ip_addresses")))
                .json()
                .get("id")
                .asText();
        legal.postJson(
                "/v1/lawful/review/" + epoc + "/disclosure/approve", Map.of("reason", "court order checked by Anna"));
        legal2.postJson(
                "/v1/lawful/review/" + epoc + "/disclosure/approve", Map.of("reason", "scope minimal, Bruno agrees"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** The page as a browser asks for it, as legal staff. */
    private static String page(String path) {
        return page(path, legalSession);
    }

    private static String page(String path, String session) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(app.url() + path))
                                    .header("Cookie", "fulcrum_session=" + session)
                                    .header("Accept", "text/html")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return r.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theRequestPageReadsTheRulesEffectsInWordsAndTheApiKeepsTheCodes() {
        String html = page("/console/lawful/requests/" + epoc);
        String explanation = html.substring(
                html.indexOf("id=\"explanation\""), html.indexOf("</p>", html.indexOf("id=\"explanation\"")));
        assertThat(explanation)
                .contains("rule minimise → keep only the data categories the rule names")
                .doesNotContain("keep_only");
        String trace = table(html, "trace");
        assertThat(trace)
                .contains(
                        "<td>keep only the data categories the rule names <code class=\"muted small\">keep_only</code></td>");
        assertThat(html)
                .containsPattern(
                        "Decision: <span id=\"outcome\" title=\"comply(_in_part)?\">comply (as asked|in part)</span>");
        assertThat(legal.get("/v1/lawful/review/" + epoc).body())
                .contains("keep_only")
                .doesNotContain("keep only the");
    }

    /** The table of {@code html} whose id is {@code id}, up to its end. */
    static String table(String html, String id) {
        int start = html.indexOf("id=\"" + id + "\"");
        return html.substring(start, html.indexOf("</table>", start));
    }

    @Test
    void theHistoryReadsEachActionInWordsWithItsCodeBeside() {
        String html = page("/console/lawful/requests/" + epoc);
        String history = table(html, "timeline");
        assertThat(history)
                .contains("<td>Request received <code class=\"muted small\">request.receive</code></td>")
                .contains(
                        "<td>Disclosure sealed to the officer's key <code class=\"muted small\">disclosure.execute</code></td>")
                .doesNotContainPattern("<td>[a-z_]+\\.[a-z_.]+</td>")
                // and what was recorded with each reads as words, not codes
                .contains("EU 2023/1543 European Production Order (EPOC), disclose subscriber data")
                .containsPattern("outcome comply( in part)?, request (completed|awaiting approval)")
                .doesNotContain("epoc disclose_subscriber_data")
                .doesNotContain(" -> ");
    }

    @Test
    void theReviewApiCountsTheApprovalsOfAnExecutedDisclosure() {
        Http.Response view = legal.get("/v1/lawful/review/" + epoc);
        assertThat(view.status()).as(view.body()).isEqualTo(200);
        assertThat(view.json().get("disclosureApprovals").asInt()).isEqualTo(2);
    }

    @Test
    void theRequestPageNamesBothApproversWithTheirReasonsThePackageHashAndTheLogEntries() {
        String html = page("/console/lawful/requests/" + epoc);
        assertThat(html)
                .contains("legal.anna")
                .contains("court order checked by Anna")
                .contains("legal.bruno")
                .contains("scope minimal, Bruno agrees");
        assertThat(html).containsPattern("sha-256 <code class=\"hash\">[0-9a-f]{64}</code>");
        assertThat(html)
                .contains("/v1/log/proof/bundle?index=")
                .contains("request received")
                .contains("disclosure");
        assertThat(html)
                .contains("stopped: completed after")
                .as("times are <time> elements in words, people are named, not shown as ids")
                .containsPattern("<time datetime=\"[0-9T:.Z-]+\">\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC</time>")
                .doesNotContainPattern(">[^<\"]*\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d[^<\"]*<")
                .doesNotContainPattern(">[^<\"]*staff:st_")
                .contains("before the deadline")
                .doesNotContain("min left");
        // an empty part of the record says so, rather than a heading over nothing
        assertThat(html)
                .contains("No question was asked of the authority.")
                .doesNotContain("Nothing has been disclosed.");
        // legal staff may not read the audit trail, so the page offers them no link to it; an auditor's does
        assertThat(html).doesNotContain("/console/audit?");
        assertThat(page(
                        "/console/lawful/requests/" + epoc,
                        new StaffSessions(app.app()).signIn("audit.record", Role.AUDITOR)))
                .contains("href=\"/console/audit?target=request%3A" + epoc + "\"");
        assertThat(page(
                        "/console/audit?target=request%3A" + epoc,
                        new StaffSessions(app.app()).signIn("audit.officer", Role.AUDITOR)))
                .as("the audit trail names the officer who sent the request by username, with the id beneath")
                .containsPattern("<td>staatsanwaltschaft\\.k[^<]*<br><span class=\"muted small\">officer:of_");
    }

    @Test
    void theHistoryNamesEachApproverOfTheDisclosureWithTheirReason() {
        String html = page("/console/lawful/requests/" + epoc);
        String history = table(html, "timeline");
        assertThat(history)
                .as("approvals are recorded against the disclosure, and shown in the request's history")
                .contains("legal.anna")
                .contains("court order checked by Anna")
                .contains("legal.bruno")
                .contains("scope minimal, Bruno agrees");
        assertThat(history)
                .as("the officer who sent it is named with their agency once, not shown as an id")
                .contains(">Officer of Staatsanwaltschaft Köln</td>")
                .doesNotContain("Köln (Staatsanwaltschaft Köln)")
                .doesNotContain(">officer:");
        assertThat(history.indexOf("scope minimal, Bruno agrees"))
                .as("in the order they happened")
                .isGreaterThan(history.indexOf("court order checked by Anna"));
    }

    @Test
    void anOpenRequestOffersItsReviewFormsToLegalStaffAndNotToAnAuditor() {
        String open = court.submit(Orders.epoc("EPOC-REC-OPEN", "DE", "acct-record", List.of("phone_number")))
                .json()
                .get("id")
                .asText();
        assertThat(page("/console/lawful/requests/" + open))
                .contains("id=\"no-approvals\">No approval yet.")
                .contains("id=\"approve\"")
                .contains("/console/lawful/requests/" + open + "/refuse");
        String asAuditor = page(
                "/console/lawful/requests/" + open, new StaffSessions(app.app()).signIn("audit.open", Role.AUDITOR));
        assertThat(asAuditor)
                .contains("id=\"review-by-legal\"")
                .doesNotContain("id=\"approve\"")
                .doesNotContain("/console/lawful/requests/" + open + "/refuse")
                .doesNotContain("/console/lawful/requests/" + open + "/execute");
    }

    @Test
    void theListFiltersByStateJurisdictionInstrumentAndClock() {
        String completed = page("/console/lawful?state=completed&jurisdiction=DE&instrument=epoc&clock=stopped");
        assertThat(completed).contains(epoc).contains("stopped: completed");
        // the row names the instrument by its title and the sender by its agency, not by codes
        assertThat(table(completed, "queue"))
                .contains("EU 2023/1543 European Production Order (EPOC)")
                .contains("Staatsanwaltschaft Köln<br><span class=\"muted small\">DE</span>");
        String open = page("/console/lawful");
        assertThat(open).doesNotContain(epoc);
        // the court is a known sender, so nothing ran for a new one, and the list says so
        assertThat(open)
                .contains("id=\"no-new-senders\">Nothing was executed automatically for a new officer or key.</td>");
        String france = page("/console/lawful?state=all&jurisdiction=FR");
        assertThat(france).doesNotContain(epoc).contains("No request matches");
    }

    @Test
    void aFilterOutOfItsSetIsRefusedNamingTheField() {
        Http.Response bad = legal.get("/console/lawful?clock=forever");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/errors/0/field").asText()).isEqualTo("clock");
        assertThat(legal.get("/console/lawful?page=0")
                        .json()
                        .at("/errors/0/field")
                        .asText())
                .isEqualTo("page");
        assertThat(legal.get("/console/lawful?jurisdiction=France")
                        .json()
                        .at("/errors/0/field")
                        .asText())
                .isEqualTo("jurisdiction");
    }

    @Nested
    class Clocks {
        private LawfulRequest request(
                RequestStatus status, Instant deadline, Optional<Instant> closed, Optional<Instant> paused) {
            Instant received = Instant.parse("2026-12-01T00:00:00Z");
            return new LawfulRequest(
                    "lr_1",
                    "ref",
                    Lane.api,
                    Instrument.epoc,
                    RequestKind.disclose_subscriber_data,
                    "DE",
                    new Parties(
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            "eu",
                            Optional.empty()),
                    new RequestState(status, Verification.values()[0], false, Optional.empty(), List.of(), false),
                    new RequestClock(received, deadline, paused, 0, Optional.empty(), closed),
                    null);
        }

        @Test
        void aRunningClockReadsInDaysAndHours() {
            Instant now = Instant.parse("2026-12-02T00:00:00Z");
            LawfulRequest r = request(
                    RequestStatus.in_review, now.plus(Duration.ofHours(53)), Optional.empty(), Optional.empty());
            assertThat(ClockText.of(r, now).text()).isEqualTo("2 d 5 h left");
            assertThat(ClockText.of(r, now.plus(Duration.ofHours(55))).text()).isEqualTo("overdue by 2 h 0 min");
        }

        @Test
        void aRefusedRequestsClockStopsAndSaysHowLongTheAnswerTook() {
            Instant closed = Instant.parse("2026-12-02T06:30:00Z");
            LawfulRequest r = request(
                    RequestStatus.refused,
                    Instant.parse("2026-12-11T00:00:00Z"),
                    Optional.of(closed),
                    Optional.empty());
            String early = ClockText.of(r, closed.plus(Duration.ofDays(1))).text();
            String late = ClockText.of(r, closed.plus(Duration.ofDays(30))).text();
            assertThat(early).isEqualTo(late).isEqualTo("stopped: refused after 1 d 6 h, 8 d 17 h before the deadline");
        }
    }
}
