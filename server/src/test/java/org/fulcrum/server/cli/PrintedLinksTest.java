package org.fulcrum.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.simulator.PlatformClient;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.simulator.SyntheticPlatform;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every page the demo prints as it plays the reference scenario, and every page the README names,
 * opens with 200 for the person it is meant for: moderation pages for a moderator, the lawful
 * console for legal staff, operations for an admin, the public pages for anyone.
 */
class PrintedLinksTest {
    private static final Json JSON = Json.strict();

    private static final Pattern PAGE = Pattern.compile(
            "(?<![\\w/.:])(/(?:console|transparency|docs|contact|portal|login)(?:/[A-Za-z0-9_.-]+)*+)(?!/?\\{)");

    /** Who a page is printed for, by the longest matching prefix; absent: the public. */
    private static final Map<String, Role> FOR = Map.ofEntries(
            Map.entry("/console/lawful", Role.LEGAL),
            Map.entry("/console/officer-accounts", Role.LEGAL),
            Map.entry("/console/review", Role.MODERATOR),
            Map.entry("/console/queues", Role.MODERATOR),
            Map.entry("/console/cases", Role.MODERATOR),
            Map.entry("/console/appeals", Role.MODERATOR),
            Map.entry("/console/bulk", Role.MODERATOR),
            Map.entry("/console/safety", Role.MODERATOR),
            Map.entry("/console/flaggers", Role.MODERATOR),
            Map.entry("/console/subjects", Role.MODERATOR),
            Map.entry("/console/banks", Role.MODERATOR),
            Map.entry("/console/rules", Role.MODERATOR),
            Map.entry("/console/outbox", Role.ADMIN),
            Map.entry("/console/privacy", Role.LEGAL),
            Map.entry("/console/audit", Role.AUDITOR),
            Map.entry("/console", Role.ADMIN));

    @Test
    void everyPageTheDemoAndTheReadmePrintOpensForItsUser() throws Exception {
        Path readme = Path.of("..", "README.md");
        Assumptions.assumeTrue(Files.exists(readme), "README.md beside the server module");
        String secret = "whsec_links";
        try (SimulatorServer simulator = new SimulatorServer(secret, 0, JSON).start();
                TestApp app = TestApp.sqlite(c -> c.withWebhook(simulator.webhookUrl(), secret))) {
            List<String> printed = new ArrayList<>();
            var token = app.app().module(AuthModule.class).tokens().issue("test", Role.PLATFORM, "messenger", "links");
            SyntheticPlatform platform = new SyntheticPlatform(42, 300, 20);
            PlatformClient client = new PlatformClient(app.url(), token.secret(), JSON);
            Instant now = Instant.now();
            client.send(platform.containerEvents(now), 500);
            client.send(platform.posts(300, now), 500);
            ContentEvent video = platform.planted(
                    "post-propaganda-video", platform.containers().get(3), "[video]", 4_200, now);
            client.send(List.of(video), 1);
            List<String> failures = new ReferenceScenario(
                            app.app(), simulator, platform, token.secret(), printed::add, 0, JSON)
                    .play(
                            platform.containers(),
                            video.subjectId(),
                            video.authorId().orElseThrow());
            assertThat(failures).isEmpty();

            TreeSet<String> pages = new TreeSet<>(links(String.join("\n", printed)));
            assertThat(pages)
                    .as("the demo prints console pages")
                    .contains("/console/queues", "/console/lawful", "/transparency");
            pages.addAll(links(Files.readString(readme)));

            StaffSessions staff = new StaffSessions(app.app());
            Map<Role, String> sessions = new java.util.EnumMap<>(Role.class);
            HttpClient http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            List<String> closed = new ArrayList<>();
            for (String page : pages) {
                Optional<Role> role = roleFor(page);
                HttpRequest.Builder get =
                        HttpRequest.newBuilder(URI.create(app.url() + page)).header("Accept", "text/html");
                role.ifPresent(r -> get.header(
                        "Cookie",
                        Access.SESSION_COOKIE + "="
                                + sessions.computeIfAbsent(
                                        r, x -> staff.signIn("links." + x.name().toLowerCase(), x))));
                HttpResponse<String> answer = http.send(get.build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200 || answer.uri().getPath().equals("/login") && !page.equals("/login")) {
                    closed.add(page + " as " + role.map(Role::name).orElse("the public") + " -> " + answer.statusCode()
                            + " " + answer.uri().getPath());
                }
            }
            assertThat(closed)
                    .as("pages that did not open for their user, out of " + pages)
                    .isEmpty();
        }
    }

    private static List<String> links(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = PAGE.matcher(text);
        while (m.find()) {
            String path = m.group(1).replaceAll("[.]+$", "");
            if (!path.equals("/console") && !path.endsWith("/")) {
                found.add(path);
            }
        }
        return found;
    }

    private static Optional<Role> roleFor(String page) {
        return FOR.entrySet().stream()
                .filter(e -> page.equals(e.getKey()) || page.startsWith(e.getKey() + "/"))
                .max(java.util.Comparator.comparingInt(e -> e.getKey().length()))
                .map(Map.Entry::getValue);
    }
}
