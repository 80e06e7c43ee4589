package org.fulcrum.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.fulcrum.server.OpsModule;
import org.fulcrum.server.config.ManagementConfig;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} cannot time a lawful request: no counter of lawful requests, nor of traffic on
 * the routes they arrive by; and operators can move metrics off the public port or put them behind
 * a token.
 */
class MetricsAccessTest {
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final String TOKEN = "metrics-token-0123456789";

    /**
     * One app with a metrics token for the tests of what metrics hold and of the token; the test of
     * the management address configures an app of its own.
     */
    static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite(
                c -> c.withManagement(new ManagementConfig("127.0.0.1", Optional.empty(), Optional.of(TOKEN))));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    static HttpResponse<String> get(String url, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void noLawfulRequestCanBeTimedFromMetrics() throws Exception {
        // a lawful request arriving: a signed submission (refused here, unsigned) and a portal visit
        app.http().postJson("/v1/lawful/requests", "{}");
        app.http().get("/portal/login");
        app.http().get("/v1/lawful/requests/req_x");
        HttpResponse<String> r = get(app.url() + "/metrics", TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .doesNotContain("fulcrum_lawful_requests")
                .doesNotContain("fulcrum_lawful_routed")
                .doesNotContain("fulcrum_lawful_deadline")
                .doesNotContain("/v1/lawful")
                .doesNotContain("/portal")
                .doesNotContain("/console/lawful")
                .contains("fulcrum_http_requests_total");
    }

    @Test
    void aManagementAddressTakesMetricsOffThePublicPort() throws Exception {
        try (TestApp own = TestApp.sqlite(
                c -> c.withManagement(new ManagementConfig("127.0.0.1", Optional.of(0), Optional.empty())))) {
            assertThat(own.http().get("/metrics").status()).isEqualTo(404);
            int port = own.app().module(OpsModule.class).managementPort().orElseThrow();
            HttpResponse<String> r = get("http://127.0.0.1:" + port + "/metrics", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("fulcrum_http_requests_total");
        }
    }

    @Test
    void aMetricsTokenIsRequiredWhenSet() throws Exception {
        assertThat(get(app.url() + "/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get(app.url() + "/metrics", "wrong-token-0123456789").statusCode())
                .isEqualTo(401);
        HttpResponse<String> ok = get(app.url() + "/metrics", TOKEN);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("fulcrum_http_requests_total");
    }
}
