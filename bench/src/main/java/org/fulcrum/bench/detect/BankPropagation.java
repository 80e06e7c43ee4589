package org.fulcrum.bench.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.fulcrum.pdq.PdqHash;
import org.fulcrum.server.App;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.detect.Bank;
import org.fulcrum.server.detect.BankHash;
import org.fulcrum.server.detect.BankKind;
import org.fulcrum.server.detect.BankSpec;
import org.fulcrum.server.detect.HashType;
import org.fulcrum.server.detect.MatchPolicy;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.tlog.note.Ed25519NoteSigner;

/**
 * New-hash propagation across nodes (SPEC: a hash added to a bank is effective for new content
 * within one second). Two nodes share one PostgreSQL schema; a bank of {@code size} PDQ hashes is
 * loaded, then {@code hashes} new hashes are added one at a time on node A, and for each the time
 * from A's acknowledgement to the first match on node B is measured (B's index is polled in a
 * tight loop; B reads the bank change sequence every 250 ms). The baseline, in the same run, is
 * what the previous design did on every change: node B loading the whole bank again.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.fulcrum.bench.detect.BankPropagation
 * [bank size] [hashes] [jdbc url]} (default 100000, 100, the local test database).
 */
public final class BankPropagation {
    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int hashes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        String url = args.length > 2 ? args[2] : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        String schema = "bench_propagation_" + Long.toHexString(System.nanoTime());
        Path secrets = Files.createTempDirectory("fulcrum-bench-secrets");
        Path log = ownerOnly(
                secrets.resolve("log.key"),
                Ed25519NoteSigner.generate("fulcrum.bench/propagation", new SecureRandom())
                        .signerKey());
        Path answer = ownerOnly(secrets.resolve("answer.jwk"), Jwk.newEd25519().toJson(Json.strict()));
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        Path evidence =
                ownerOnly(secrets.resolve("evidence.key"), Base64.getEncoder().encodeToString(raw));
        try (App a = App.create(node("node-a", url, schema, log, answer, evidence), Clock.systemUTC())
                        .start();
                App b = App.create(node("node-b", url, schema, log, answer, evidence), Clock.systemUTC())
                        .start()) {
            Random random = new Random(42);
            Bank bank = a.module(DetectionModule.class)
                    .detection()
                    .banks()
                    .create(
                            "bench",
                            new BankSpec(
                                    "propagation",
                                    Optional.empty(),
                                    BankKind.block,
                                    Optional.of(MatchPolicy.review),
                                    Optional.of(Reason.terrorism),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty()));
            for (int done = 0; done < size; done += 10_000) {
                List<BankHash> chunk = new ArrayList<>();
                for (int i = done; i < Math.min(size, done + 10_000); i++) {
                    chunk.add(pdq(random));
                }
                a.module(DetectionModule.class).detection().banks().add("bench", bank.id(), chunk, "bench");
            }
            while (b.module(DetectionModule.class).detection().bankIndex().size(bank.id()) < size) {
                Thread.sleep(50);
            }
            long reloadsBefore = b.module(DetectionModule.class).detection().bankReloads();
            double[] ms = new double[hashes];
            for (int i = 0; i < hashes; i++) {
                BankHash h = pdq(random);
                ContentEvent.MediaRef probe = new ContentEvent.MediaRef(
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(h.hash()));
                a.module(DetectionModule.class).detection().banks().add("bench", bank.id(), List.of(h), "bench");
                long start = System.nanoTime();
                while (b.module(DetectionModule.class)
                        .detection()
                        .bankIndex()
                        .match(probe)
                        .isEmpty()) {
                    Thread.onSpinWait();
                    if (System.nanoTime() - start > 10_000_000_000L) {
                        throw new IllegalStateException("hash " + i + " did not reach node b within 10 s");
                    }
                }
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            long reloads = b.module(DetectionModule.class).detection().bankReloads() - reloadsBefore;
            long start = System.nanoTime();
            b.module(DetectionModule.class)
                    .detection()
                    .bankIndex()
                    .loadAll(b.module(StoreModule.class).db());
            double reloadMs = (System.nanoTime() - start) / 1e6;
            Arrays.sort(ms);
            System.out.printf(
                    "bank of %,d PDQ hashes on PostgreSQL, %d new hashes added one at a time on node A%n",
                    size, hashes);
            System.out.printf(
                    "in effect on node B after: p50 %.0f ms, p99 %.0f ms, max %.0f ms; whole reloads on B: %d%n",
                    ms[hashes / 2],
                    ms[Math.min(hashes - 1, (int) Math.ceil(hashes * 0.99) - 1)],
                    ms[hashes - 1],
                    reloads);
            System.out.printf(
                    "baseline, the whole bank loaded again on node B: %.0f ms (%.0fx the p50)%n",
                    reloadMs, reloadMs / Math.max(ms[hashes / 2], 0.001));
        } finally {
            try (Connection c = DriverManager.getConnection(url)) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    static BankHash pdq(Random random) {
        long[] words = new long[4];
        for (int i = 0; i < 4; i++) {
            words[i] = random.nextLong();
        }
        return new BankHash(
                PdqHash.fromHex(hex(words)).toHex(), Optional.of(HashType.pdq), Optional.empty(), Optional.empty());
    }

    private static String hex(long[] words) {
        StringBuilder out = new StringBuilder();
        for (long w : words) {
            out.append(String.format("%016x", w));
        }
        return out.toString();
    }

    static Config node(String name, String url, String schema, Path log, Path answer, Path evidence)
            throws IOException {
        Path data = Files.createTempDirectory("fulcrum-bench-" + name);
        return new ConfigLoader()
                .set("port", "0")
                .set("host", "127.0.0.1")
                .set("data", data.toString())
                .set("database.url", url)
                .set("database.schema", schema)
                .set("node.id", name)
                .set("log.key.file", log.toString())
                .set("lawful.answer.key.file", answer.toString())
                .set("evidence.key.file", evidence.toString())
                .set("ratelimit.ip.per.minute", "0")
                .set("ratelimit.token.per.minute", "0")
                .load();
    }

    static Path ownerOnly(Path file, String text) throws IOException {
        Files.writeString(file, text + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
