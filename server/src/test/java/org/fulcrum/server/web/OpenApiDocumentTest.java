package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The published OpenAPI document as linters and code generators read it. */
class OpenApiDocumentTest {
    static TestApp app;
    static JsonNode doc;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        doc = app.http().get("/openapi.json").json();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static List<JsonNode> operations() {
        List<JsonNode> ops = new ArrayList<>();
        doc.get("paths").forEach(item -> item.forEach(ops::add));
        return ops;
    }

    @Test
    void everyOperationHasAUniqueIdAndSaysWhatSecurityItNeeds() {
        Set<String> ids = new HashSet<>();
        for (JsonNode op : operations()) {
            assertThat(op.path("operationId").asText())
                    .as(op.path("summary").asText())
                    .isNotEmpty();
            assertThat(ids.add(op.get("operationId").asText()))
                    .as("unique " + op.get("operationId"))
                    .isTrue();
            assertThat(op.has("security")).as(op.get("operationId").asText()).isTrue();
        }
        assertThat(doc.at("/paths/~1log~1checkpoint/get/security")).as("public").isEmpty();
        assertThat(doc.at("/paths/~1log~1checkpoint/get/operationId").asText()).isEqualTo("getLogCheckpoint");
        assertThat(doc.get("servers")).isNotEmpty();
    }

    @Test
    void recordsSharingASimpleNameHaveTheirOwnSchemas() {
        Set<String> names = new HashSet<>();
        doc.at("/components/schemas").fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("e2e.E2eReports.Submission", "web.Problem");
        String e2e = doc.at("/paths/~1v1~1notices~1e2e/post/requestBody/content/application~1json/schema/$ref")
                .asText();
        assertThat(e2e).isEqualTo("#/components/schemas/e2e.E2eReports.Submission");
        String lawful = doc.at("/paths/~1v1~1lawful~1requests/post/requestBody/content/application~1json/schema/$ref")
                .asText();
        assertThat(lawful).isEqualTo("#/components/schemas/lawful.Submission");
    }

    @Test
    void problemsAreProblemJsonAndFreeFormValuesAreAnything() {
        JsonNode unprocessable = doc.at("/paths/~1v1~1notices~1e2e/post/responses/422/content");
        assertThat(unprocessable.has("application/problem+json")).isTrue();
        assertThat(unprocessable.has("application/json")).isFalse();
        JsonNode report = doc.at("/components/schemas/e2e.E2eReports.Submission/properties/report");
        assertThat(report.isObject() && report.isEmpty())
                .as("report is any JSON: " + report)
                .isTrue();
    }
}
