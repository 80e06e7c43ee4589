package org.fulcrum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fulcrum.server.App;
import org.fulcrum.server.LawfulModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.KeyFiles;
import org.fulcrum.server.policy.Policies;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.Postgres;
import org.fulcrum.server.support.SharedKeyFiles;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL schema, each with its own policy files: the policy in force is the
 * one stored in the database, seeded by the first node from its files, and a reload on one node is
 * in force on the other within {@link Policies#FOLLOW} (the other node's poll), on its HTTP answers
 * too, and stays in force when that node restarts with its old files.
 */
class SharedPolicyTest {
    static final KeyFiles KEYS = SharedKeyFiles.create("fulcrum.log/localhost");
    static final String US_LANGUAGES = "languages: [en, es]";

    final ManualTime time = ManualTime.startingNow();

    static Config node(String schema, Path dir, String name) {
        Config c = TestApp.config(dir).withDatabase(Postgres.URL, "", "", schema);
        return SharedKeyFiles.use(c.withCluster(c.cluster().withNodeId(name)), KEYS);
    }

    /** A node's policy folder holding the shipped files, with the US desk answering in {@code languages}. */
    static Path folderWithUsLanguages(String name, String languages) throws Exception {
        Path dir = Files.createTempDirectory("fulcrum-" + name);
        writeUsLanguages(dir, languages);
        return dir;
    }

    static void writeUsLanguages(Path dir, String languages) throws Exception {
        Path policy = Files.createDirectories(dir.resolve("policy"));
        String jurisdictions = Policies.defaultText(Policies.JURISDICTIONS);
        assertThat(jurisdictions).contains(US_LANGUAGES);
        Files.writeString(
                policy.resolve(Policies.JURISDICTIONS), jurisdictions.replace(US_LANGUAGES, "languages: " + languages));
        Files.writeString(policy.resolve(Policies.PRINCIPLES), Policies.defaultText(Policies.PRINCIPLES));
    }

    /** The languages the node's point of contact advertises for US authorities. */
    static List<String> usLanguages(App node) {
        JsonNode contact = Clusters.json(new Http(node.baseUrl())
                .get("/.well-known/fulcrum/contact.json")
                .body());
        List<String> out = new ArrayList<>();
        for (JsonNode e : contact.get("entities")) {
            if (e.get("id").asText().equals("fulcrum-us")) {
                e.get("languages").forEach(l -> out.add(l.asText()));
            }
        }
        return out;
    }

    static String versionServed(App node) {
        return Clusters.json(new Http(node.baseUrl()).get("/v1/policy").body())
                .get("version")
                .asText();
    }

    @Test
    void aReloadOnOneNodeIsInForceOnTheOtherWithinOneFollowPeriod() throws Exception {
        Postgres.require();
        String schema = Postgres.freshSchema();
        Path dirA = folderWithUsLanguages("policy-a", "[en, es, fr]");
        Path dirB = folderWithUsLanguages("policy-b", "[en]");
        App a = App.create(node(schema, dirA, "policy-a"), time).start();
        App b = App.create(node(schema, dirB, "policy-b"), time).start();
        try {
            // The first node seeded the database from its files; the second applies that, not its own files.
            assertThat(usLanguages(b)).containsExactly("en", "es", "fr");
            assertThat(versionServed(b)).isEqualTo(versionServed(a));

            writeUsLanguages(dirA, "[en, es, fr, de]");
            String reloaded =
                    a.module(LawfulModule.class).policies().reload("staff:test").version();
            assertThat(versionServed(a)).isEqualTo(reloaded);
            assertThat(versionServed(b)).as("not yet polled").isNotEqualTo(reloaded);

            time.advance(Policies.FOLLOW);
            assertThat(versionServed(b))
                    .as("in force on the other node one follow period later")
                    .isEqualTo(reloaded);
            assertThat(usLanguages(b)).containsExactly("en", "es", "fr", "de");

            // A reload on the second node puts its own files in force everywhere, and back again.
            String fromB =
                    b.module(LawfulModule.class).policies().reload("staff:test").version();
            time.advance(Policies.FOLLOW);
            assertThat(versionServed(a)).isEqualTo(fromB);
            assertThat(usLanguages(a)).containsExactly("en");
            assertThat(a.module(LawfulModule.class)
                            .policies()
                            .reload("staff:test")
                            .version())
                    .isEqualTo(reloaded);
            time.advance(Policies.FOLLOW);
            assertThat(versionServed(b)).isEqualTo(reloaded);

            // Restarted with its old files, the second node still applies the version in force.
            b.close();
            b = App.create(node(schema, dirB, "policy-b"), time).start();
            assertThat(versionServed(b)).isEqualTo(reloaded);
            assertThat(usLanguages(b)).containsExactly("en", "es", "fr", "de");
            List<String> history = a.module(StoreModule.class)
                    .db()
                    .read(h -> h.createQuery("SELECT hash FROM policy_in_force ORDER BY seq")
                            .mapTo(String.class)
                            .list());
            assertThat(history)
                    .as("every change of the version in force, in order")
                    .containsExactly(history.get(0), reloaded, fromB, reloaded)
                    .doesNotContainNull();
        } finally {
            b.close();
            a.close();
        }
    }

    @Test
    void aNodeWithoutPolicyFilesWritesTheVersionInForceForItsOperator() throws Exception {
        Postgres.require();
        String schema = Postgres.freshSchema();
        Path dirA = folderWithUsLanguages("policy-first", "[en, pt]");
        Path dirB = Files.createTempDirectory("fulcrum-policy-empty");
        try (App a = App.create(node(schema, dirA, "policy-first"), time).start();
                App b = App.create(node(schema, dirB, "policy-empty"), time).start()) {
            assertThat(Files.readString(dirB.resolve("policy").resolve(Policies.JURISDICTIONS)))
                    .contains("languages: [en, pt]");
            assertThat(b.module(LawfulModule.class).policies().current().version())
                    .isEqualTo(a.module(LawfulModule.class).policies().current().version());
        }
    }
}
