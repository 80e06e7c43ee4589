package org.fulcrum.bench.log;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.fulcrum.server.App;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.transparency.LogHashes;
import org.fulcrum.tlog.merkle.Frontier;
import org.fulcrum.tlog.merkle.Proofs;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.fulcrum.tlog.merkle.StoredTree;

/**
 * Inclusion-proof latency at scale on the embedded store: bulk-loads the stored hashes of a log of
 * N synthetic entries (default 10,000,000) into SQLite, loads the upper levels of the tree into
 * memory as the server does at start, then times random inclusion proofs read the way the server
 * reads them (levels 8 and up from memory, the rest in one IN query over log_hash), each against
 * the same proof read wholly from log_hash (the baseline, same leaf, alternating order), checking
 * that both are identical and verify against the root.
 *
 * <p>Usage: {@code ./fulcrum bench -Xmx2g log.LogProofsAtScale [entries [data directory to keep]]}
 */
public final class LogProofsAtScale {
    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        // A second argument names a data directory to keep, so that a later run reuses the loaded log.
        Path data = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("fulcrum-bench-proofs");
        Files.createDirectories(data);
        Path marker = data.resolve("bench-proofs-base");
        var config = new ConfigLoader()
                .set("port", "0")
                .set("host", "127.0.0.1")
                .set("data", data.toString())
                .load();
        try (App app = App.create(config, Clock.systemUTC())) {
            long base;
            if (Files.exists(marker) && Files.readString(marker).trim().endsWith(" " + n)) {
                base = Long.parseLong(Files.readString(marker).trim().split(" ")[0]);
                System.out.printf("reusing the %d entries loaded in %s%n", n, data);
            } else {
                base = load(app, n);
                Files.writeString(marker, base + " " + n);
            }
            // The size now, with whatever the app appended at its starts after the loaded entries.
            long total = app.module(StoreModule.class)
                    .db()
                    .read(h -> h.createQuery("SELECT size FROM log_state")
                            .mapTo(Long.class)
                            .one());
            byte[] root = app.module(StoreModule.class)
                    .db()
                    .read(h -> StoredTree.treeHash(total, new LogLoad.HashReaderOver(h)));
            // What a restart does: the upper levels of the tree read into memory.
            long l0 = System.nanoTime();
            LogHashes hashes = LogHashes.load(app.module(StoreModule.class).db());
            System.out.printf(
                    "upper levels loaded in %.2f s (%.1f MB)%n",
                    (System.nanoTime() - l0) / 1e9, hashes.bytesHeld() / 1e6);
            Random random = new Random(7);
            int samples = 10_000;
            int warmup = 1000;
            long[] cached = new long[samples];
            long[] stored = new long[samples];
            // Each leaf is proved both ways, in alternating order, so both see the same conditions.
            for (int i = 0; i < samples + warmup; i++) {
                long leaf = (long) (random.nextDouble() * n);
                long index = base + leaf;
                boolean cachedFirst = (i & 1) == 0;
                List<byte[]> a = null;
                List<byte[]> b = null;
                long tookCached = 0;
                long tookStored = 0;
                for (int round = 0; round < 2; round++) {
                    long s = System.nanoTime();
                    if ((round == 0) == cachedFirst) {
                        a = app.module(StoreModule.class)
                                .db()
                                .read(h -> StoredTree.inclusionProof(index, total, hashes.reader(h)));
                        tookCached = System.nanoTime() - s;
                    } else {
                        b = app.module(StoreModule.class)
                                .db()
                                .read(h -> StoredTree.inclusionProof(index, total, new LogLoad.HashReaderOver(h)));
                        tookStored = System.nanoTime() - s;
                    }
                }
                byte[] leafHash =
                        Rfc6962.leafHash(ByteBuffer.allocate(8).putLong(leaf).array());
                Proofs.verifyInclusion(index, total, leafHash, a, root);
                List<byte[]> fromMemory = a;
                List<byte[]> fromStore = b;
                if (fromMemory.size() != fromStore.size()
                        || !IntStream.range(0, fromMemory.size())
                                .allMatch(k -> Arrays.equals(fromMemory.get(k), fromStore.get(k)))) {
                    throw new IllegalStateException("proofs of leaf " + index + " differ");
                }
                if (i >= warmup) {
                    cached[i - warmup] = tookCached;
                    stored[i - warmup] = tookStored;
                }
            }
            Arrays.sort(cached);
            Arrays.sort(stored);
            System.out.printf(
                    "inclusion proof at %d entries, upper levels in memory: p50 %.3f ms, p99 %.3f ms, "
                            + "max %.3f ms (all verified, byte-identical)%n",
                    n, cached[samples / 2] / 1e6, cached[samples * 99 / 100] / 1e6, cached[samples - 1] / 1e6);
            System.out.printf(
                    "inclusion proof at %d entries, every hash from the store: p50 %.3f ms, p99 %.3f ms, "
                            + "max %.3f ms%n",
                    n, stored[samples / 2] / 1e6, stored[samples * 99 / 100] / 1e6, stored[samples - 1] / 1e6);
            System.out.printf(
                    "p99 ratio (store alone / upper levels in memory): %.2fx%n",
                    (double) stored[samples * 99 / 100] / cached[samples * 99 / 100]);
        }
    }

    /** Appends the stored hashes of {@code n} synthetic entries; returns the index of the first. */
    private static long load(App app, long n) {
        long t0 = System.nanoTime();
        // the app may already hold entries (the policy version logged at start): load after them
        long base = app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT size FROM log_state")
                        .mapTo(Long.class)
                        .one());
        Frontier frontier =
                app.module(StoreModule.class).db().read(h -> Frontier.load(base, new LogLoad.HashReaderOver(h)));
        int chunk = 200_000;
        for (long start = 0; start < n; start += chunk) {
            int count = (int) Math.min(chunk, n - start);
            List<byte[]> leaves = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                leaves.add(Rfc6962.leafHash(
                        ByteBuffer.allocate(8).putLong(start + i).array()));
            }
            Frontier.Appended appended = frontier.append(leaves);
            frontier = appended.frontier();
            long size = base + start + count;
            app.module(StoreModule.class).db().write(tx -> {
                var batch = tx.handle().prepareBatch("INSERT INTO log_hash (idx, hash) VALUES (:i, :h)");
                for (int i = 0; i < appended.hashes().size(); i++) {
                    batch.bind("i", appended.firstIndex() + i)
                            .bind("h", appended.hashes().get(i))
                            .add();
                }
                batch.execute();
                return tx.handle()
                        .createUpdate("UPDATE log_state SET size = :s WHERE id = 1")
                        .bind("s", size)
                        .execute();
            });
        }
        System.out.printf(
                "loaded %d entries (%d stored hashes) in %.0f s%n",
                n, 2 * n - Long.bitCount(n), (System.nanoTime() - t0) / 1e9);
        return base;
    }
}
