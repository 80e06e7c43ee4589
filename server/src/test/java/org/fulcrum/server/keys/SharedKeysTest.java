package org.fulcrum.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import org.fulcrum.server.App;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.KeyFiles;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.platform.EventBatch;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.MigratedSchema;
import org.fulcrum.server.support.Postgres;
import org.fulcrum.server.support.SharedKeyFiles;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.tlog.checkpoint.SignedCheckpoint;
import org.fulcrum.tlog.note.Ed25519NoteSigner;
import org.fulcrum.tlog.note.NoteKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL schema must sign with the same keys: a node without the shared log
 * key, or with another log or answer key, refuses to start and writes nothing; nodes given the same
 * key files advertise one answer key and sign checkpoints the other verifies.
 */
class SharedKeysTest {
    private static final Json JSON = Json.strict();
    private static final Bodies BODIES = new Bodies(Long.MAX_VALUE, JSON);

    static final String ORIGIN = "fulcrum.log/localhost";

    /** One schema for the class, migrated once and given to each test as freshly migrated. */
    static MigratedSchema migrated;

    @BeforeAll
    static void database() {
        Postgres.require();
        migrated = MigratedSchema.create();
    }

    static Config node(String schema, String name) throws Exception {
        Config c = TestApp.config(Files.createTempDirectory("fulcrum-keys-" + name))
                .withDatabase(Postgres.URL, "", "", schema);
        return c.withCluster(c.cluster().withNodeId(name));
    }

    /** Node a on a fresh schema with some log entries and their checkpoint. */
    static App first(String schema, KeyFiles keys) throws Exception {
        App a = App.create(SharedKeyFiles.use(node(schema, "node-a"), keys), Clock.systemUTC())
                .start();
        a.module(DetectionModule.class)
                .ingest()
                .ingest(BODIES.parse(
                        JSON.write(Events.batch(0, 3, "sk")).getBytes(StandardCharsets.UTF_8), EventBatch.class));
        a.module(TransparencyModule.class).checkpointer().checkpoint();
        return a;
    }

    static long rows(App app, String table) {
        return app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT COUNT(*) FROM " + table)
                        .mapTo(Long.class)
                        .one());
    }

    @Test
    void aNodeWithoutTheLogKeyRefusesToStartInsteadOfMakingItsOwnAndWritesNothing() throws Exception {
        String schema = migrated.fresh();
        try (App a = first(schema, KeyFiles.NONE)) {
            long checkpoints = rows(a, "log_checkpoint");
            long keys = rows(a, "shared_key");
            Config b = node(schema, "node-b");

            assertThatThrownBy(() -> App.create(b, Clock.systemUTC()).close())
                    .isInstanceOf(StartRefused.class)
                    .hasMessageContaining(a.module(StoreModule.class).logKeys().origin() + "+")
                    .hasMessageContaining(b.dataDir().resolve("log-signing.key").toString())
                    .hasMessageContaining("log.key.file");
            assertThat(b.dataDir().resolve("log-signing.key")).doesNotExist();
            assertThat(b.dataDir().resolve("keys").resolve("lawful-answers.jwk"))
                    .doesNotExist();
            assertThat(rows(a, "log_checkpoint")).isEqualTo(checkpoints);
            assertThat(rows(a, "shared_key")).isEqualTo(keys);
        }
    }

    @Test
    void aNodeWhoseLogKeyDoesNotVerifyTheStoredCheckpointsRefusesNamingBothKeys() throws Exception {
        String schema = migrated.fresh();
        try (App a = first(schema, KeyFiles.NONE)) {
            long checkpoints = rows(a, "log_checkpoint");
            Config b = node(schema, "node-b");
            Ed25519NoteSigner other = Ed25519NoteSigner.generate(ORIGIN, new SecureRandom());
            SharedKeyFiles.ownerOnly(b.dataDir().resolve("log-signing.key"), other.signerKey());
            String storedKey = a.module(StoreModule.class).logKeys().origin() + "+"
                    + String.format(
                            "%08x",
                            a.module(StoreModule.class).logKeys().verifier().keyId());

            assertThatThrownBy(() -> App.create(b, Clock.systemUTC()).close())
                    .isInstanceOf(StartRefused.class)
                    .hasMessageContaining(other.verifier().verifierKey())
                    .hasMessageContaining("does not verify the checkpoints")
                    .hasMessageContaining(storedKey);
            assertThat(rows(a, "log_checkpoint")).isEqualTo(checkpoints);
            assertThat(a.module(TransparencyModule.class)
                            .checkpointer()
                            .latest()
                            .note()
                            .signatures())
                    .hasSize(1);
        }
    }

    @Test
    void nodesGivenTheSameKeyFilesAdvertiseOneAnswerKeyAndSignCheckpointsEachVerifies() throws Exception {
        String schema = migrated.fresh();
        KeyFiles shared = SharedKeyFiles.create(ORIGIN);
        try (App a = first(schema, shared);
                App b = App.create(SharedKeyFiles.use(node(schema, "node-b"), shared), Clock.systemUTC())
                        .start()) {
            b.module(DetectionModule.class)
                    .ingest()
                    .ingest(BODIES.parse(
                            JSON.write(Events.batch(10, 12, "sk")).getBytes(StandardCharsets.UTF_8), EventBatch.class));
            SignedCheckpoint byB =
                    b.module(TransparencyModule.class).checkpointer().checkpoint();
            SignedCheckpoint.open(
                    byB.bytes(), a.module(StoreModule.class).logKeys().verifier());

            JsonNode keyA = contactKeys(a);
            JsonNode keyB = contactKeys(b);
            assertThat(keyA).hasSize(1);
            assertThat(keyB).isEqualTo(keyA);
            JsonNode file =
                    JSON.mapper().readTree(Files.readString(shared.answerKey().orElseThrow()));
            assertThat(keyA.get(0).get("x").asText()).isEqualTo(file.get("x").asText());
            assertThat(keyA.get(0).has("d"))
                    .as("the private part is never published")
                    .isFalse();
        }
    }

    @Test
    void aNodeWithAnotherAnswerKeyThanTheAdvertisedOneRefuses() throws Exception {
        String schema = migrated.fresh();
        KeyFiles shared = SharedKeyFiles.create(ORIGIN);
        try (App a = first(schema, shared)) {
            String advertised = contactKeys(a).get(0).get("kid").asText();
            Config b = node(schema, "node-b");
            // the shared log key, but the answer key this node made for itself
            Files.copy(shared.logKey().orElseThrow(), b.dataDir().resolve("log-signing.key"));
            Path own = b.dataDir().resolve("keys").resolve("lawful-answers.jwk");
            Files.createDirectories(own.getParent());
            SharedKeyFiles.ownerOnly(own, Jwk.newEd25519().toJson(JSON));

            assertThatThrownBy(() -> App.create(b, Clock.systemUTC()).close())
                    .isInstanceOf(StartRefused.class)
                    .hasMessageContaining("lawful answer key")
                    .hasMessageContaining(advertised);
            assertThat(contactKeys(a).get(0).get("kid").asText()).isEqualTo(advertised);
        }
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws Exception {
        KeyFiles shared = SharedKeyFiles.create(ORIGIN);
        Files.setPosixFilePermissions(shared.logKey().orElseThrow(), PosixFilePermissions.fromString("rw-r--r--"));
        Path data = Files.createTempDirectory("fulcrum-keys-perm");
        Config c = SharedKeyFiles.use(TestApp.config(data), shared);

        assertThatThrownBy(() -> App.create(c, Clock.systemUTC()).close())
                .isInstanceOf(StartRefused.class)
                .hasMessageContaining("log.key.file")
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("chmod 600");
        assertThat(data.resolve("log-signing.key")).doesNotExist();
    }

    @Test
    void aConfiguredKeyFileIsTheKeyTheLogSignsWith() throws Exception {
        KeyFiles shared = SharedKeyFiles.create(ORIGIN);
        Path data = Files.createTempDirectory("fulcrum-keys-file");
        Ed25519NoteSigner expected = (Ed25519NoteSigner) NoteKeys.parseSigner(
                Files.readString(shared.logKey().orElseThrow()).trim(), Clock.systemUTC());
        try (App app = App.create(SharedKeyFiles.use(TestApp.config(data), shared), Clock.systemUTC())
                .start()) {
            assertThat(app.module(StoreModule.class).logKeys().verifierKey())
                    .isEqualTo(expected.verifier().verifierKey());
            SignedCheckpoint.open(
                    app.module(TransparencyModule.class).checkpointer().latest().bytes(), expected.verifier());
            assertThat(data.resolve("log-signing.key"))
                    .as("the secret stays where the operator put it")
                    .doesNotExist();
        }
    }

    static JsonNode contactKeys(App app) {
        return new Http(app.baseUrl())
                .get("/.well-known/fulcrum/contact.json")
                .json()
                .get("answerKeys");
    }
}
