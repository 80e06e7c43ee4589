package org.fulcrum.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.auth.StaffService;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.simulator.PlatformClient;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.simulator.SyntheticPlatform;
import org.fulcrum.server.support.Browser;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Plays the reference scenario, then walks the console in a real browser as a staff member holding
 * the moderator and legal roles: the NGO's case with the blocked channel (step 1), the refused key
 * request with its policy trace (step 3), and the completed disclosure with its trace (step 5).
 */
@Tag("browser")
class DemoConsoleBrowserTest {
    private static final Json JSON = Json.strict();

    @Test
    void theConsoleShowsStepsOneThreeAndFive() throws Exception {
        WebDriver browser = Browser.open();
        String secret = "whsec_console_walk";
        try (SimulatorServer simulator = new SimulatorServer(secret, 0, JSON).start();
                TestApp app = TestApp.sqlite(c -> c.withWebhook(simulator.webhookUrl(), secret))) {
            var token = app.app().module(AuthModule.class).tokens().issue("test", Role.PLATFORM, "messenger", "walk");
            SyntheticPlatform platform = new SyntheticPlatform(42, 300, 20);
            PlatformClient client = new PlatformClient(app.url(), token.secret(), JSON);
            Instant now = Instant.now();
            client.send(platform.containerEvents(now), 500);
            client.send(platform.posts(300, now), 500);
            var channel = platform.containers().get(3);
            ContentEvent video = platform.planted("post-propaganda-video", channel, "[video] release", 4_200, now);
            client.send(List.of(video), 1);
            List<String> failures = new ReferenceScenario(
                            app.app(), simulator, platform, token.secret(), line -> {}, 0, JSON)
                    .play(
                            platform.containers(),
                            video.subjectId(),
                            video.authorId().orElseThrow());
            assertThat(failures).isEmpty();

            // a staff member with both roles, granted by one admin and approved by another
            StaffService staff = app.app().module(AuthModule.class).staff();
            String adminId = staff.list().stream()
                    .filter(s -> s.username().equals("admin"))
                    .findFirst()
                    .orElseThrow()
                    .id();
            String leadId = staff.list().stream()
                    .filter(s -> s.username().startsWith("demo.lead."))
                    .findFirst()
                    .orElseThrow()
                    .id();
            Principal.Staff admin = new Principal.Staff(adminId, "admin", Set.of(Role.ADMIN));
            Principal.Staff lead = new Principal.Staff(leadId, "lead", Set.of(Role.ADMIN));
            String walker = staff.create(admin, "console.walker", "Console walker", "console-walker-password");
            for (Role r : List.of(Role.MODERATOR, Role.LEGAL)) {
                staff.grant(admin, walker, r);
                staff.approve(lead, walker, r);
            }
            Browser.signIn(browser, app.url(), "console.walker", "console-walker-password");

            String ngoChannel = platform.containers().get(2).id();
            String caseId = app.queryString("SELECT id FROM review_case WHERE subject_id = '" + ngoChannel + "'");
            browser.get(app.url() + "/console/cases/" + caseId);
            String casePage = browser.findElement(By.tagName("main")).getText();
            assertThat(casePage).contains(ngoChannel).contains("Block");

            // the repeat scammer's page shows the strikes that suspended it, all active
            String scammer = platform.containers().get(6).ownerId();
            browser.get(app.url() + "/console/subjects/" + scammer);
            assertThat(browser.findElement(By.id("account-status")).getText()).isEqualTo("Suspended");
            assertThat(browser.findElement(By.id("strike-table")).getText())
                    .contains("Scams and fraud")
                    .doesNotContain("withdrawn");
            assertThat(browser.findElement(By.id("active-strikes")).getText()).matches("[3-9] active strikes");

            String keys = app.queryString("SELECT id FROM lawful_request WHERE kind = 'hand_over_keys'");
            browser.get(app.url() + "/console/lawful/requests/" + keys);
            String keysPage = browser.findElement(By.tagName("main")).getText();
            assertThat(keysPage).contains("no-keys").containsIgnoringCase("refuse");

            String epoc = app.queryString("SELECT id FROM lawful_request WHERE instrument = 'epoc'");
            browser.get(app.url() + "/console/lawful/requests/" + epoc);
            String epocPage = browser.findElement(By.tagName("main")).getText();
            assertThat(epocPage)
                    .contains("Status completed")
                    .contains("Decision: comply in part")
                    .contains("disclosed after two legal approvals");
        } finally {
            Browser.handBack(browser);
        }
    }
}
