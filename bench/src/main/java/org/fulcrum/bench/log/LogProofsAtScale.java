package org.fulcrum.bench.log;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.fulcrum.server.App;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.tlog.merkle.Frontier;
import org.fulcrum.tlog.merkle.Proofs;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.fulcrum.tlog.merkle.StoredTree;

/**
 * Inclusion-proof latency at scale on the embedded store: bulk-loads the stored hashes of a log of
 * N synthetic entries (default 10,000,000) into SQLite, then times random inclusion proofs read the
 * way the server reads them (one IN query over log_hash), verifying each against the root.
 *
 * <p>Usage: {@code java -Xmx2g -cp bench/target/benchmarks.jar org.fulcrum.bench.log.LogProofsAtScale [entries]}
 */
public final class LogProofsAtScale {
    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        Path data = Files.createTempDirectory("fulcrum-bench-proofs");
        var config = new ConfigLoader().set("port", "0").set("host", "127.0.0.1").set("data", data.toString()).load();
        try (App app = App.create(config, Clock.systemUTC())) {
            long t0 = System.nanoTime();
            // the app may already hold entries (the policy version logged at start): load after them
            long base = app.db().read(h -> h.createQuery("SELECT size FROM log_state").mapTo(Long.class).one());
            Frontier frontier = app.db().read(h -> Frontier.load(base, new LogLoad.HashReaderOver(h)));
            int chunk = 200_000;
            for (long start = 0; start < n; start += chunk) {
                int count = (int) Math.min(chunk, n - start);
                List<byte[]> leaves = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    leaves.add(Rfc6962.leafHash(ByteBuffer.allocate(8).putLong(start + i).array()));
                }
                Frontier.Appended appended = frontier.append(leaves);
                frontier = appended.frontier();
                long size = base + start + count;
                app.db().write(tx -> {
                    var batch = tx.handle().prepareBatch("INSERT INTO log_hash (idx, hash) VALUES (:i, :h)");
                    for (int i = 0; i < appended.hashes().size(); i++) {
                        batch.bind("i", appended.firstIndex() + i).bind("h", appended.hashes().get(i)).add();
                    }
                    batch.execute();
                    return tx.handle().createUpdate("UPDATE log_state SET size = :s WHERE id = 1").bind("s", size)
                            .execute();
                });
            }
            System.out.printf("loaded %d entries (%d stored hashes) in %.0f s%n", n, 2 * n - Long.bitCount(n),
                    (System.nanoTime() - t0) / 1e9);
            byte[] root = frontier.root();
            long total = base + n;
            Random random = new Random(7);
            int samples = 10_000;
            long[] nanos = new long[samples];
            for (int i = 0; i < samples + 1000; i++) {
                long leaf = (long) (random.nextDouble() * n);
                long index = base + leaf;
                long s = System.nanoTime();
                List<byte[]> proof = app.db().read(h -> StoredTree.inclusionProof(index, total,
                        new LogLoad.HashReaderOver(h)));
                long took = System.nanoTime() - s;
                Proofs.verifyInclusion(index, total, Rfc6962.leafHash(ByteBuffer.allocate(8).putLong(leaf).array()), proof,
                        root);
                if (i >= 1000) {
                    nanos[i - 1000] = took;
                }
            }
            Arrays.sort(nanos);
            System.out.printf("inclusion proof at %d entries: p50 %.3f ms, p99 %.3f ms, max %.3f ms (all verified)%n", n,
                    nanos[samples / 2] / 1e6, nanos[samples * 99 / 100] / 1e6, nanos[samples - 1] / 1e6);
        }
    }
}
