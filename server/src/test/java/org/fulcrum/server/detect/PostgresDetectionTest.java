package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fulcrum.server.support.BankFixtures.ACTOR;
import static org.fulcrum.server.support.BankFixtures.block;
import static org.fulcrum.server.support.BankFixtures.hash;
import static org.fulcrum.server.support.BankFixtures.pdq;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.fulcrum.server.App;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.KeyFiles;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.platform.EventBatch;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Postgres;
import org.fulcrum.server.support.SharedKeyFiles;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.server.web.Bodies;
import org.junit.jupiter.api.Test;

/** Detection on PostgreSQL, and two nodes on one schema seeing each other's bank and rule changes. */
class PostgresDetectionTest {
    private static final Json JSON = Json.strict();
    private static final Bodies BODIES = new Bodies(Long.MAX_VALUE, JSON);

    static final String PDQ = "f8f8f0cee0f4a84f06370a22038f67f0b36e2ed596221e1d33e6b39c4e9c9b22";

    static final KeyFiles KEYS = SharedKeyFiles.create("fulcrum.log/localhost");

    static Config node(String schema, String name) throws Exception {
        Config c =
                TestApp.config(Files.createTempDirectory("fulcrum-" + name)).withDatabase(Postgres.URL, "", "", schema);
        return SharedKeyFiles.use(c.withCluster(c.cluster().withNodeId(name)), KEYS);
    }

    static void await(String what, BooleanSupplier condition) {
        Await.await(what, Duration.ofSeconds(10), condition);
    }

    @Test
    void aChangeOnOneNodeReachesTheOtherAndMatchesAreRecordedOnPostgres() throws Exception {
        Postgres.require();
        String schema = Postgres.freshSchema();
        try (App a = App.create(node(schema, "node-a"), Clock.systemUTC()).start();
                App b = App.create(node(schema, "node-b"), Clock.systemUTC()).start()) {
            Bank bank = a.module(DetectionModule.class).detection().banks().create(ACTOR, block("shared bank"));
            a.module(DetectionModule.class)
                    .detection()
                    .banks()
                    .add(
                            ACTOR,
                            bank.id(),
                            List.of(new BankHash(
                                    PDQ, Optional.of(HashType.pdq), Optional.of("ref-1"), Optional.empty())),
                            "test");
            assertThat(a.module(DetectionModule.class).detection().bankIndex().match(pdq(PDQ)))
                    .hasSize(1);
            Instant added = Instant.now();
            await(
                    "node b matches the hash added on node a",
                    () -> !b.module(DetectionModule.class)
                            .detection()
                            .bankIndex()
                            .match(pdq(PDQ))
                            .isEmpty());
            assertThat(Duration.between(added, Instant.now())).isLessThan(Duration.ofSeconds(3));

            DetectionRule rule = a.module(DetectionModule.class)
                    .detection()
                    .rules()
                    .create(
                            ACTOR,
                            new RuleSpec(
                                    "pg words",
                                    Optional.empty(),
                                    RuleKind.keywords,
                                    Optional.of(List.of("join the cell")),
                                    Optional.empty(),
                                    MatchPolicy.review,
                                    Reason.terrorism,
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty()));
            ContentEvent probe = new ContentEvent(
                    "probe",
                    ContentEvent.EventType.created,
                    "probe",
                    org.fulcrum.server.platform.SubjectKind.post,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("J0IN the ce11"),
                    Optional.empty(),
                    Instant.now());
            await(
                    "node b runs the rule created on node a",
                    () -> !b.module(DetectionModule.class)
                            .detection()
                            .scanner()
                            .scan(probe)
                            .isEmpty());

            var post = Events.post("ev-pg-1", "pg-1", "chan", "J0IN the ce11 tonight");
            post.put("media", List.of(java.util.Map.of("pdq", PDQ)));
            b.module(DetectionModule.class)
                    .ingest()
                    .ingest(BODIES.parse(
                            JSON.write(Events.of(List.of(post))).getBytes(StandardCharsets.UTF_8), EventBatch.class));
            assertThat(b.module(DetectionModule.class).detection().pipeline().awaitIdle(10_000))
                    .isTrue();
            long matches = b.module(StoreModule.class)
                    .db()
                    .read(h -> h.createQuery("SELECT COUNT(*) FROM detection_match WHERE subject_id = 'pg-1'")
                            .mapTo(Long.class)
                            .one());
            assertThat(matches).isEqualTo(2);
            String caseSource = b.module(StoreModule.class)
                    .db()
                    .read(h -> h.createQuery("SELECT source FROM review_case WHERE subject_id = 'pg-1'")
                            .mapTo(String.class)
                            .one());
            assertThat(caseSource).isEqualTo("detection");
            assertThat(a.module(DetectionModule.class)
                            .detection()
                            .rules()
                            .find(rule.id())
                            .hits())
                    .isEqualTo(1);
            assertThat(a.module(DetectionModule.class)
                            .detection()
                            .banks()
                            .find(bank.id())
                            .hits())
                    .isEqualTo(1);

            BankExport export = new BankExport(
                    a.module(StoreModule.class).db(),
                    a.module(DetectionModule.class).detection().banks());
            StringWriter csv = new StringWriter();
            export.export(bank.id(), true, Optional.empty(), csv);
            assertThat(csv.toString()).isEqualTo("hash,type,label,source\n" + PDQ + ",pdq,ref-1,\n");
            StringWriter hex = new StringWriter();
            export.export(bank.id(), false, Optional.of(HashType.pdq), hex);
            assertThat(hex.toString()).isEqualTo(PDQ + "\n");

            a.module(DetectionModule.class)
                    .detection()
                    .banks()
                    .remove(ACTOR, bank.id(), List.of(hash(PDQ)), "false positive");
            await(
                    "node b forgets the removed hash",
                    () -> b.module(DetectionModule.class)
                            .detection()
                            .bankIndex()
                            .match(pdq(PDQ))
                            .isEmpty());
            a.module(DetectionModule.class).detection().banks().delete(ACTOR, bank.id(), "retired");
            await(
                    "node b drops the deleted bank",
                    () -> b.module(DetectionModule.class)
                                    .detection()
                                    .bankIndex()
                                    .size(bank.id())
                            == 0);
        }
    }
}
