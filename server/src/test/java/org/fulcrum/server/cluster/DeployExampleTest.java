package org.fulcrum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The cluster example in {@code deploy/compose.yaml} is not run here (no container runtime), so this
 * test reads it as Compose would and checks what would break a real start: the YAML and its merge
 * keys, the official images, every {@code FULCRUM_*} variable being a setting Fulcrum knows, each
 * node's environment loading into a cluster configuration, distinct node ids, the shared key files,
 * and the topics the nodes use being the ones created before them.
 */
class DeployExampleTest {
    static final Path COMPOSE = Path.of("../deploy/compose.yaml");

    @SuppressWarnings("unchecked")
    static Map<String, Object> services() throws Exception {
        Map<String, Object> doc = new Yaml().load(Files.readString(COMPOSE));
        return (Map<String, Object>) doc.get("services");
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> environment(Object service) {
        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) service).get("environment");
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    @Test
    void usesTheOfficialPostgresqlAndKafkaImages() throws Exception {
        Map<String, Object> services = services();
        assertThat(image(services, "postgres")).startsWith("postgres:");
        assertThat(image(services, "kafka")).startsWith("apache/kafka:");
        assertThat(image(services, "topics")).isEqualTo(image(services, "kafka"));
    }

    @Test
    void everyNodeLoadsIntoAClusterConfigurationWithTheSharedKeys() throws Exception {
        Map<String, Object> services = services();
        List<String> nodes =
                services.keySet().stream().filter(n -> n.startsWith("node-")).toList();
        assertThat(nodes).hasSize(3);
        List<String> ids = new java.util.ArrayList<>();
        for (String node : nodes) {
            Map<String, String> env = environment(services.get(node));
            for (String name : env.keySet()) {
                if (name.startsWith("FULCRUM_")
                        && !List.of("FULCRUM_LOG_FORMAT", "FULCRUM_LOG_LEVEL").contains(name)) {
                    String key = name.substring("FULCRUM_".length())
                            .toLowerCase(java.util.Locale.ROOT)
                            .replace('_', '.');
                    assertThat(ConfigLoader.KEYS)
                            .as(node + ": " + name + " is a setting Fulcrum reads")
                            .contains(key);
                }
            }
            Config config = new ConfigLoader().environment(env).load();
            assertThat(config.databaseUrl())
                    .as(node + " shares PostgreSQL")
                    .hasValueSatisfying(url -> assertThat(url).startsWith("jdbc:postgresql://postgres:5432/"));
            assertThat(config.cluster().kafka()).as(node + " is a cluster node").isPresent();
            assertThat(config.publicUrl())
                    .as(node + " sets public.url before the first start")
                    .startsWith("https://");
            assertThat(config.cluster().keyFiles().logKey()).hasValue(Path.of("/etc/fulcrum/keys/log.key"));
            assertThat(config.cluster().keyFiles().answerKey()).hasValue(Path.of("/etc/fulcrum/keys/answer.jwk"));
            assertThat(config.cluster().keyFiles().evidenceKey()).hasValue(Path.of("/etc/fulcrum/keys/evidence.key"));
            ids.add(config.cluster().nodeId());
        }
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTopicsTheNodesUseAreCreatedBeforeThem() throws Exception {
        Map<String, Object> services = services();
        String script =
                String.valueOf(((List<Object>) ((Map<String, Object>) services.get("topics")).get("command")).get(0));
        Map<String, String> env = environment(services.get("node-1"));
        for (String topic : List.of(
                env.get("FULCRUM_KAFKA_TOPIC_EVENTS"),
                env.get("FULCRUM_KAFKA_TOPIC_EVENTS_DEAD"),
                env.get("FULCRUM_KAFKA_TOPIC_ACTIONS"))) {
            assertThat(script).as("topic " + topic + " is created").contains(topic + ":");
        }
        Map<String, Object> dependsOn =
                (Map<String, Object>) ((Map<String, Object>) services.get("node-1")).get("depends_on");
        assertThat(dependsOn).containsKeys("postgres", "topics");
    }

    @SuppressWarnings("unchecked")
    static String image(Map<String, Object> services, String name) {
        return String.valueOf(((Map<String, Object>) services.get(name)).get("image"));
    }
}
