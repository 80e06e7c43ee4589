package org.fulcrum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fulcrum.server.support.KafkaBroker;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/alerts.yml} is in the Prometheus rule-file shape, and every metric its
 * expressions name is one a node in cluster mode (Kafka consumer included) serves on {@code /metrics}.
 */
@Tag("kafka")
class AlertRulesTest {
    static final Path RULES = Path.of("../deploy/alerts.yml");
    static final Pattern METRIC = Pattern.compile("\\bfulcrum_[a-z0-9_]+\\b");

    @Test
    void everyMetricAnAlertNamesIsServed() throws Exception {
        JsonNode file = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : file.withArray("groups")) {
            assertThat(group.path("name").asText()).as("a group's name").isNotBlank();
            group.withArray("rules").forEach(rules::add);
        }
        assertThat(rules).hasSizeGreaterThanOrEqualTo(8);
        Set<String> named = new TreeSet<>();
        for (JsonNode rule : rules) {
            String alert = rule.path("alert").asText();
            assertThat(alert).as("an alert's name").matches("Fulcrum[A-Za-z]+");
            assertThat(rule.path("labels").path("severity").asText()).as(alert).isIn("warning", "critical");
            assertThat(rule.path("annotations").path("summary").asText())
                    .as(alert)
                    .isNotBlank();
            if (rule.has("for")) {
                assertThat(rule.get("for").asText()).as(alert).matches("\\d+[smh]");
            }
            Matcher m = METRIC.matcher(rule.path("expr").asText());
            int found = 0;
            while (m.find()) {
                named.add(m.group());
                found++;
            }
            assertThat(found).as(alert + " names a Fulcrum metric").isPositive();
        }
        assertThat(named)
                .contains(
                        "fulcrum_job_last_run_age_seconds",
                        "fulcrum_detection_backlog",
                        "fulcrum_outbox_failing",
                        "fulcrum_kafka_consumer_lag",
                        "fulcrum_log_checkpoint_age_seconds");

        KafkaBroker kafka = KafkaBroker.shared();
        try (TestApp app = TestApp.sqlite(c -> Clusters.kafka(c, kafka, "actions-alerts", "events-alerts"))) {
            String scrape = app.http().get("/metrics").body();
            Set<String> served = new TreeSet<>();
            Matcher m =
                    Pattern.compile("(?m)^(?:# TYPE )?(fulcrum_[a-z0-9_]+)[{ ]").matcher(scrape);
            while (m.find()) {
                served.add(m.group(1));
            }
            assertThat(served).as("metrics served on /metrics").containsAll(named);
        }
    }
}
