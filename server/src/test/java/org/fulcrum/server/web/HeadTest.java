package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/** HEAD is GET without the body: the same access check and the same handler. */
class HeadTest {
    static final HttpClient CLIENT =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    static int head(TestApp app, String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url() + path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/json");
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void headOnAProtectedRouteRunsTheAccessCheck() throws Exception {
        try (TestApp app = TestApp.sqlite()) {
            for (String path : new String[] {
                "/v1/admin/staff", "/v1/admin/tokens", "/v1/ops/outbox", "/v1/privacy/requests", "/v1/banks"
            }) {
                assertThat(head(app, path, null)).as(path).isEqualTo(401);
                assertThat(head(app, path, "ful_not_a_token")).as(path).isEqualTo(401);
                assertThat(head(app, path, app.platformToken())).as(path).isEqualTo(403);
            }
            assertThat(head(app, "/v1/banks/bank_none", null)).isEqualTo(401);
            String moderator = app.app()
                    .module(AuthModule.class)
                    .tokens()
                    .issue("test", Role.HASH_SHARING, "x", "sharing")
                    .secret();
            assertThat(head(app, "/v1/banks", moderator)).isEqualTo(200);
            assertThat(head(app, "/v1/banks/bank_none", moderator)).isEqualTo(404);
            assertThat(head(app, "/healthz", null)).isEqualTo(200);
        }
    }

    @Test
    void headReadyzChecksTheDatabase() throws Exception {
        TestApp app = TestApp.sqlite();
        try {
            assertThat(head(app, "/readyz", null)).isEqualTo(200);
            app.app().module(StoreModule.class).db().close();
            assertThat(head(app, "/readyz", null)).isEqualTo(503);
        } finally {
            app.close();
        }
    }
}
