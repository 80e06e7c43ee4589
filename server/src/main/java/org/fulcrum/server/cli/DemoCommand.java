package org.fulcrum.server.cli;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.fulcrum.server.App;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.auth.Tokens;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.simulator.PlatformClient;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.simulator.SyntheticPlatform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Starts the embedded server together with the reference messenger simulator, streams a synthetic
 * platform into it through the public API, and leaves both running for exploration.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run Fulcrum with the reference messenger simulator and demo data.")
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options;

    @Option(names = "--fast", description = "play the demo without pauses and exit with its verdict")
    boolean fast;

    @Option(names = "--keep-serving", description = "with --fast: keep serving after the verdict (for inspection)")
    boolean keepServing;

    @Option(
            names = "--accounts",
            description = "accounts to generate (default ${DEFAULT-VALUE})",
            defaultValue = "3000")
    int accounts;

    @Override
    public Integer call() throws Exception {
        Config base = options.load();
        Json json = Json.strict();
        String secret = Tokens.newSecret("whsec");
        SimulatorServer simulator = new SimulatorServer(secret, 0, json).start();
        App app = App.create(
                        base.withWebhook(simulator.webhookUrl(), secret).withMediaOrigin(simulator.mediaOrigin()),
                        Clock.systemUTC())
                .start();
        String url = "http://localhost:" + app.port();
        say("Fulcrum demo — embedded store in " + base.dataDir());
        say("Console: " + url + "/login");
        app.adminPassword()
                .ifPresentOrElse(
                        pw -> say("Admin sign-in: user 'admin', one-time password " + pw
                                + " (enrol a second factor at first sign-in)"),
                        () -> say("Admin account exists from an earlier run of this data folder."));

        var token = app.module(AuthModule.class)
                .tokens()
                .issue("system:demo", Role.PLATFORM, "reference-messenger", "demo simulator");
        SyntheticPlatform platform =
                new SyntheticPlatform(42, accounts, Math.max(20, accounts / 25)).mediaAt(simulator.mediaOrigin());
        simulator.serveMedia(platform.images());
        PlatformClient client = new PlatformClient(app.baseUrl(), token.secret(), json);
        Instant now = Instant.now();
        client.send(platform.containerEvents(now), 500);
        var posts = platform.posts(accounts, now);
        for (ContentEvent e : posts) {
            simulator.published(
                    e.subjectId(), e.containerId().orElse(""), e.text().orElse(""));
        }
        client.send(posts, 500);
        say("Simulator: " + platform.accounts().size() + " accounts, "
                + platform.containers().size() + " channels and groups, " + posts.size()
                + " posts streamed through POST /v1/platform/events.");
        say("Reader view of the simulated messenger: http://127.0.0.1:" + simulator.port() + "/feed/"
                + platform.containers().getFirst().id());
        // The scenario's known items: a propaganda video post with a moderate reach (orders on it may run
        // automatically), whose author the court later asks about.
        var propaganda = platform.containers().get(3);
        ContentEvent video = platform.planted(
                "post-propaganda-video",
                propaganda,
                "[video] Join the fight - official release of the media office",
                4_200,
                now);
        simulator.published(video.subjectId(), propaganda.id(), video.text().orElse(""));
        client.send(List.of(video), 1);
        ReferenceScenario scenario = new ReferenceScenario(
                app, simulator, platform, token.secret(), DemoCommand::say, fast ? 0 : 2_500, json);
        List<String> failures = scenario.play(
                platform.containers(), video.subjectId(), video.authorId().orElseThrow());
        scenario.signIns(url).forEach(DemoCommand::say);
        say(
                failures.isEmpty()
                        ? "Every step ended as the specification says."
                        : "Steps that did not end as they must: " + failures);
        if (fast && !keepServing) {
            app.close();
            simulator.close();
            return failures.isEmpty() ? 0 : 1;
        }
        say("Press Ctrl-C to stop.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            simulator.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
