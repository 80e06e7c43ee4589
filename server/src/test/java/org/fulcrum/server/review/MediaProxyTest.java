package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.simulator.SyntheticPlatform;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's media proxy: media are fetched from the platform on view, signed, passed through
 * with {@code no-store} and never written to the data folder; a platform that is down gives a
 * placeholder; an address off the platform's media origin is never fetched.
 */
class MediaProxyTest {
    private static final Json JSON = Json.strict();

    static final String SECRET = "whsec_media";
    static final byte[] IMAGE = SyntheticPlatform.image(4242);
    static SimulatorServer simulator;
    static TestApp app;
    static String session;
    static HttpServer elsewhere;
    static AtomicInteger elsewhereHits = new AtomicInteger();

    /**
     * One platform, app and moderator for the class; each test posts under an id of its own. The
     * tests of a platform that is down or redirects build an app of their own on another platform.
     */
    @BeforeAll
    static void start() throws IOException {
        simulator = platform();
        app = appOn(simulator);
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", ex -> {
            elsewhereHits.incrementAndGet();
            ex.getResponseHeaders().set("Content-Type", "image/png");
            ex.sendResponseHeaders(200, IMAGE.length);
            ex.getResponseBody().write(IMAGE);
            ex.close();
        });
        elsewhere.start();
        session = new Moderators(app).sessions().signIn("mo", org.fulcrum.server.core.Role.MODERATOR);
    }

    @AfterAll
    static void stop() {
        app.close();
        simulator.close();
        elsewhere.stop(0);
    }

    static SimulatorServer platform() throws IOException {
        SimulatorServer platform = new SimulatorServer(SECRET, 0, JSON).start();
        platform.serveMedia(Map.of("media-1", IMAGE));
        return platform;
    }

    static TestApp appOn(SimulatorServer platform) {
        return TestApp.sqlite(
                c -> c.withWebhook(platform.webhookUrl(), SECRET).withMediaOrigin(platform.mediaOrigin()));
    }

    static void postWithMedia(TestApp app, String postId, String url) {
        Map<String, Object> e = Events.post(postId, "m-channel", "m-author", "DE", "de", 50);
        e.put("media", List.of(Map.of("mediaId", "media-1", "sha256", "ab".repeat(32), "url", url)));
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Events.of(List.of(e)))
                        .status())
                .isEqualTo(200);
        app.platform().postJson("/v1/notices", Notices.report("violence", "r-" + postId, postId));
    }

    static HttpResponse<byte[]> view(TestApp app, String session, String postId) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(app.url() + "/console/media/" + postId + "/0"))
                                .header("Cookie", "fulcrum_session=" + session)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    void postWithMedia(String postId, String url) {
        postWithMedia(app, postId, url);
    }

    HttpResponse<byte[]> view(String postId) throws Exception {
        return view(app, session, postId);
    }

    @Test
    void mediaAreFetchedSignedOnViewAndPassedThroughWithNoStoreAndNothingOnDisk() throws Exception {
        postWithMedia("m-post", simulator.mediaOrigin() + "/media/media-1");
        List<Path> before = files(app.dataDir());
        long served = simulator.mediaServed();

        HttpResponse<byte[]> r = view("m-post");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.body()).isEqualTo(IMAGE);
        assertThat(simulator.mediaServed()).isEqualTo(served + 1);
        // Nothing in the data folder holds the image: scan every file for a slice of its bytes.
        byte[] slice = Arrays.copyOfRange(IMAGE, IMAGE.length / 2, IMAGE.length / 2 + 48);
        for (Path f : files(app.dataDir())) {
            assertThat(indexOf(Files.readAllBytes(f), slice))
                    .as("image bytes found in %s", f)
                    .isEqualTo(-1);
        }
        assertThat(files(app.dataDir()).stream()
                        .filter(p -> !before.contains(p))
                        .filter(p -> !p.getFileName().toString().contains(".db"))
                        .toList())
                .isEmpty();
    }

    @Test
    void aFetchWithoutTheSharedSecretIsRefusedByThePlatform() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(simulator.mediaOrigin() + "/media/media-1"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void aPlatformThatIsDownGivesAPlaceholderImageNotAnErrorPage() throws Exception {
        // the platform this app fetches from goes down: an app of its own, so the others' stays up
        SimulatorServer down = platform();
        HttpResponse<byte[]> r;
        try (TestApp alone = appOn(down)) {
            postWithMedia(alone, "m-down", down.mediaOrigin() + "/media/media-1");
            down.close();
            String s = new Moderators(alone).sessions().signIn("mo", org.fulcrum.server.core.Role.MODERATOR);
            r = view(alone, s, "m-down");
        }

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(new String(r.body())).contains("Media unavailable").contains("not answering");
    }

    @Test
    void aMediaAddressOffThePlatformsMediaOriginIsNeverFetched() throws Exception {
        String foreign = "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/internal/admin.png";
        int hits = elsewhereHits.get();
        postWithMedia("m-ssrf", foreign);

        HttpResponse<byte[]> r = view("m-ssrf");

        assertThat(elsewhereHits.get()).isEqualTo(hits);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body())).contains("Refused");
        assertThat(r.body()).isNotEqualTo(IMAGE);
    }

    @Test
    void aRedirectFromTheMediaOriginIsNotFollowed() throws Exception {
        HttpServer redirecting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String target = "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/internal";
        redirecting.createContext("/", ex -> {
            ex.getResponseHeaders().set("Location", target);
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        redirecting.start();
        int hits = elsewhereHits.get();
        try (TestApp other = TestApp.sqlite(c -> c.withWebhook(simulator.webhookUrl(), SECRET)
                .withMediaOrigin("http://127.0.0.1:" + redirecting.getAddress().getPort()))) {
            Map<String, Object> e = Events.post("m-redirect", "m-channel", "m-author", "DE", "de", 50);
            e.put(
                    "media",
                    List.of(Map.of(
                            "sha256",
                            "ab".repeat(32),
                            "url",
                            "http://127.0.0.1:" + redirecting.getAddress().getPort() + "/media/x")));
            other.platform().postJson("/v1/platform/events", Events.of(List.of(e)));
            String s = new Moderators(other).sessions().signIn("mo2", org.fulcrum.server.core.Role.MODERATOR);
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(other.url() + "/console/media/m-redirect/0"))
                                    .header("Cookie", "fulcrum_session=" + s)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).contains("Media unavailable");
            assertThat(elsewhereHits.get()).isEqualTo(hits);
        } finally {
            redirecting.stop(0);
        }
    }

    @Test
    void aMediaAddressThatIsNotHttpIsRefusedAtIngestionNamingTheField() {
        Map<String, Object> e = Events.post("m-file", "m-channel", "m-author", "DE", "de", 50);
        e.put("media", List.of(Map.of("sha256", "ab".repeat(32), "url", "file:///etc/passwd")));
        long events = app.count("content_event");
        var r = app.platform().postJson("/v1/platform/events", Events.of(List.of(e)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("url");
        assertThat(app.count("content_event")).isEqualTo(events);
    }

    @Test
    void anAuditorMayViewButAPlatformTokenMayNot() throws Exception {
        postWithMedia("m-role", simulator.mediaOrigin() + "/media/media-1");
        assertThat(app.platform().get("/console/media/m-role/0").status()).isIn(401, 403);
    }

    static List<Path> files(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(out::add);
        }
        return out;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
