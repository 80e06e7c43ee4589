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
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} cannot time a lawful request: no counter of lawful requests, nor of traffic on
 * the routes they arrive by; and operators can move metrics off the public port or put them behind
 * a token.
 */
class MetricsAccessTest {
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    static HttpResponse<String> get(String url, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void noLawfulRequestCanBeTimedFromMetrics() throws Exception {
        try (TestApp app = TestApp.sqlite()) {
            // a lawful request arriving: a signed submission (refused here, unsigned) and a portal visit
            app.http().postJson("/v1/lawful/requests", "{}");
            app.http().get("/portal/login");
            app.http().get("/v1/lawful/requests/req_x");
            String metrics = app.http().get("/metrics").body();
            assertThat(metrics)
                    .doesNotContain("fulcrum_lawful_requests")
                    .doesNotContain("fulcrum_lawful_routed")
                    .doesNotContain("fulcrum_lawful_deadline")
                    .doesNotContain("/v1/lawful")
                    .doesNotContain("/portal")
                    .doesNotContain("/console/lawful")
                    .contains("fulcrum_http_requests_total");
        }
    }

    @Test
    void aManagementAddressTakesMetricsOffThePublicPort() throws Exception {
        try (TestApp app = TestApp.sqlite(
                c -> c.withManagement(new ManagementConfig("127.0.0.1", Optional.of(0), Optional.empty())))) {
            assertThat(app.http().get("/metrics").status()).isEqualTo(404);
            int port = app.app().module(OpsModule.class).managementPort().orElseThrow();
            HttpResponse<String> r = get("http://127.0.0.1:" + port + "/metrics", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("fulcrum_http_requests_total");
        }
    }

    @Test
    void aMetricsTokenIsRequiredWhenSet() throws Exception {
        String token = "metrics-token-0123456789";
        try (TestApp app = TestApp.sqlite(
                c -> c.withManagement(new ManagementConfig("127.0.0.1", Optional.empty(), Optional.of(token))))) {
            assertThat(get(app.url() + "/metrics", null).statusCode()).isEqualTo(401);
            assertThat(get(app.url() + "/metrics", "wrong-token-0123456789").statusCode())
                    .isEqualTo(401);
            HttpResponse<String> ok = get(app.url() + "/metrics", token);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("fulcrum_http_requests_total");
        }
    }
}
