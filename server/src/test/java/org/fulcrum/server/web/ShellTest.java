package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.fulcrum.server.OpsModule;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

class ShellTest {

    @Test
    void healthReadinessAndMetricsAnswer() {
        try (TestApp app = TestApp.sqlite()) {
            assertThat(app.http().get("/healthz").status()).isEqualTo(200);
            assertThat(app.http().get("/readyz").json().get("status").asText()).isEqualTo("ready");
            var metrics = app.http().get("/metrics");
            assertThat(metrics.body())
                    .contains("fulcrum_http_requests_total")
                    .contains("fulcrum_outbox_pending")
                    .contains("jvm_memory");
        }
    }

    @Test
    void everyApiRouteIsInTheOpenApiDocument() {
        try (TestApp app = TestApp.sqlite()) {
            JsonNode doc = app.http().get("/openapi.json").json();
            assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
            for (String route : app.app().module(OpsModule.class).routes()) {
                String[] parts = route.split(" ", 2);
                String method = parts[0];
                String path = OpenApi.template(parts[1]);
                boolean api = path.startsWith("/v1/")
                        || path.startsWith("/log/")
                        || path.startsWith("/.well-known/")
                        || path.equals("/healthz")
                        || path.equals("/readyz")
                        || path.equals("/metrics");
                if (!api || method.equals("BEFORE") || method.equals("BEFORE_MATCHED") || method.equals("AFTER")) {
                    continue;
                }
                assertThat(doc.at("/paths").has(path))
                        .as("path %s is documented", path)
                        .isTrue();
                assertThat(doc.at("/paths").get(path).has(method.toLowerCase()))
                        .as(route)
                        .isTrue();
            }
        }
    }

    @Test
    void everyPublicEndpointIsRateLimitedWithRetryAfter() {
        try (TestApp app = TestApp.sqlite(c -> c.withRateLimits(5, 1000))) {
            int limited = 0;
            String retryAfter = null;
            for (int i = 0; i < 12; i++) {
                // unchecked: the document itself is rate-limited here, so it cannot be read to check against
                var r = app.http().unchecked().get("/openapi.json");
                if (r.status() == 429) {
                    limited++;
                    retryAfter = r.raw().headers().firstValue("Retry-After").orElse(null);
                    assertThat(r.contentType()).startsWith("application/problem+json");
                }
            }
            assertThat(limited).isGreaterThan(0);
            assertThat(retryAfter).isNotNull();
            assertThat(Long.parseLong(retryAfter)).isPositive();
        }
    }
}
