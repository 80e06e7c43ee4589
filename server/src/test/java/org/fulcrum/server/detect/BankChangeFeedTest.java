package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fulcrum.server.support.BankFixtures.ACTOR;
import static org.fulcrum.server.support.BankFixtures.block;
import static org.fulcrum.server.support.BankFixtures.hash;
import static org.fulcrum.server.support.BankFixtures.pdq;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.fulcrum.server.App;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.KeyFiles;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.Postgres;
import org.fulcrum.server.support.SharedKeyFiles;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * Bank changes travel between nodes as deltas: the hashes added and removed on one node are in
 * effect on the others within a second, read from the change sequence written in the change's
 * transaction, and no node loads a whole bank again for them, nor applies its own changes twice.
 */
class BankChangeFeedTest {
    static final String PDQ = "f8f8f0cee0f4a84f06370a22038f67f0b36e2ed596221e1d33e6b39c4e9c9b22";
    static final String MD5 = "0cc175b9c0f1b6a831c399e269772661";
    static final Duration WITHIN = Duration.ofSeconds(1);
    static final KeyFiles KEYS = SharedKeyFiles.create("fulcrum.log/localhost");

    static Config node(String schema, String name) throws Exception {
        Config c =
                TestApp.config(Files.createTempDirectory("fulcrum-" + name)).withDatabase(Postgres.URL, "", "", schema);
        return SharedKeyFiles.use(c.withCluster(c.cluster().withNodeId(name)), KEYS);
    }

    static ContentEvent.MediaRef md5(String hex) {
        return new ContentEvent.MediaRef(Optional.empty(), Optional.of(hex), Optional.empty(), Optional.empty());
    }

    static ContentEvent.MediaRef video(List<String> frames) {
        return new ContentEvent.MediaRef(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(frames));
    }

    /** Thirty frames of unrelated random PDQ hashes, one a second, in the reference's line form. */
    static List<String> frames(long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] hash = new byte[32];
            random.nextBytes(hash);
            out.add((i * 30) + ",100," + HexFormat.of().formatHex(hash) + "," + i + ".000");
        }
        return out;
    }

    /** Waits until {@code condition} holds and returns how long that took. */
    static Duration timed(String what, java.util.function.BooleanSupplier condition) {
        long start = System.nanoTime();
        Await.await(what, Duration.ofSeconds(10), condition);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void hashesAddedAndRemovedOnOneNodeAreInEffectOnTheOtherWithinOneSecondWithoutAWholeReload() throws Exception {
        Postgres.require();
        String schema = Postgres.freshSchema();
        try (App a = App.create(node(schema, "node-a"), Clock.systemUTC()).start();
                App b = App.create(node(schema, "node-b"), Clock.systemUTC()).start()) {
            long reloadsA = a.module(DetectionModule.class).detection().bankReloads();
            long reloadsB = b.module(DetectionModule.class).detection().bankReloads();
            Banks banks = a.module(DetectionModule.class).detection().banks();
            Bank images = banks.create(ACTOR, block("images"));
            Bank videos = banks.create(ACTOR, block("videos", BankSignal.video));

            banks.add(ACTOR, images.id(), List.of(hash(PDQ), hash(MD5)), "test");
            assertThat(a.module(DetectionModule.class).detection().bankIndex().match(pdq(PDQ)))
                    .hasSize(1);
            Duration added = timed(
                    "node b matches the hash added on node a",
                    () -> !b.module(DetectionModule.class)
                            .detection()
                            .bankIndex()
                            .match(pdq(PDQ))
                            .isEmpty());
            assertThat(added).isLessThan(WITHIN);
            assertThat(b.module(DetectionModule.class).detection().bankIndex().match(md5(MD5)))
                    .hasSize(1);

            List<String> clip = frames(7);
            banks.add(
                    ACTOR,
                    videos.id(),
                    List.of(new BankHash(
                            null, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(clip))),
                    "test");
            Duration videoAdded = timed(
                    "node b matches the video added on node a",
                    () -> !b.module(DetectionModule.class)
                            .detection()
                            .bankIndex()
                            .match(video(clip))
                            .isEmpty());
            assertThat(videoAdded).isLessThan(WITHIN);
            assertThat(b.module(DetectionModule.class).detection().bankIndex().match(video(frames(8))))
                    .as("another video")
                    .isEmpty();

            banks.remove(ACTOR, images.id(), List.of(hash(PDQ)), "false positive");
            Duration removed = timed(
                    "node b forgets the hash removed on node a",
                    () -> b.module(DetectionModule.class)
                            .detection()
                            .bankIndex()
                            .match(pdq(PDQ))
                            .isEmpty());
            assertThat(removed).isLessThan(WITHIN);
            assertThat(b.module(DetectionModule.class).detection().bankIndex().match(md5(MD5)))
                    .as("the other hash stays")
                    .hasSize(1);

            banks.update(ACTOR, images.id(), block("images", BankSignal.image, false));
            timed(
                    "node b stops matching the bank disabled on node a",
                    () -> b.module(DetectionModule.class)
                            .detection()
                            .bankIndex()
                            .match(md5(MD5))
                            .isEmpty());
            banks.delete(ACTOR, videos.id(), "retired");
            timed(
                    "node b drops the bank deleted on node a",
                    () -> b.module(DetectionModule.class)
                                    .detection()
                                    .bankIndex()
                                    .size(videos.id())
                            == 0);

            assertThat(b.module(DetectionModule.class).detection().bankReloads())
                    .as("no whole reload on node b")
                    .isEqualTo(reloadsB);
            assertThat(b.module(DetectionModule.class).detection().bankChangesApplied())
                    .as("node b applied the deltas")
                    .isGreaterThanOrEqualTo(7);
            a.module(DetectionModule.class).detection().followBankChanges();
            assertThat(a.module(DetectionModule.class).detection().bankReloads())
                    .isEqualTo(reloadsA);
            assertThat(a.module(DetectionModule.class).detection().bankChangesApplied())
                    .as("node a applied its own changes once, after commit")
                    .isZero();
        }
    }

    @Test
    void aSingleNodeNeverReappliesOrReloadsItsOwnChanges() {
        try (TestApp app = TestApp.sqlite(c -> c)) {
            Detection detection = app.app().module(DetectionModule.class).detection();
            long reloads = detection.bankReloads();
            Bank bank = detection.banks().create(ACTOR, block("own"));
            detection.banks().add(ACTOR, bank.id(), List.of(hash(PDQ)), "test");
            assertThat(detection.bankIndex().match(pdq(PDQ))).hasSize(1);
            detection.followBankChanges();
            assertThat(app.queryLong("SELECT COUNT(*) FROM bank_change")).isEqualTo(2);
            assertThat(detection.bankChangesApplied()).isZero();
            assertThat(detection.bankReloads()).isEqualTo(reloads);
            assertThat(detection.bankIndex().match(pdq(PDQ))).hasSize(1);
        }
    }
}
