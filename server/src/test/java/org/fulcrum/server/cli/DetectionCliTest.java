package org.fulcrum.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.fulcrum.pdq.PdqHash;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fulcrum hash}, {@code match} and {@code bank import|export}. */
class DetectionCliTest {
    static final Path PDQ_ROOT = Path.of(System.getProperty("fulcrum.root", ".."))
            .resolve("../shared/pdq")
            .toAbsolutePath()
            .normalize();
    static final String FULLRES = "expected/generated/cpp-core-fullres.csv";
    static final List<String> IMAGES = List.of(
            "reg-test-input/dih/bridge-1-original.jpg",
            "misc-images/modes/RGB.jpg",
            "reg-test-input/labelme-subset/q0003.jpg",
            "reg-test-input/pen-and-coaster.png",
            "misc-images/modes/L.png");

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.run(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** The reference rows by file, or a skip (a failure under CI=true) naming the missing file. */
    static Map<String, String[]> reference() throws Exception {
        Path csv = PDQ_ROOT.resolve(FULLRES);
        if (!Files.isRegularFile(csv)) {
            String message = "PDQ reference data file missing: " + csv;
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        Map<String, String[]> rows = new HashMap<>();
        for (String line : Files.readAllLines(csv)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] f = line.split(",");
                rows.put(f[f.length - 1], f);
            }
        }
        return rows;
    }

    @Test
    void hashPrintsTheReferenceHashAndQualityAtFullResolution() throws Exception {
        Map<String, String[]> ref = reference();
        List<String> args = new ArrayList<>(List.of("hash"));
        IMAGES.forEach(i -> args.add(PDQ_ROOT.resolve("images").resolve(i).toString()));
        Run r = run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(IMAGES.size());
        for (int i = 0; i < IMAGES.size(); i++) {
            String[] row = ref.get(IMAGES.get(i));
            assertThat(lines.get(i)).isEqualTo(row[0] + "," + row[1] + "," + args.get(i + 1));
        }
    }

    @Test
    void hashWithDihedralPrintsTheEightReferenceHashesInTheReferenceColumnOrder() throws Exception {
        Map<String, String[]> ref = reference();
        String image = IMAGES.getFirst();
        String file = PDQ_ROOT.resolve("images").resolve(image).toString();
        Run r = run("hash", "--dihedral", file);
        assertThat(r.exit()).isZero();
        String[] row = ref.get(image);
        String expected = String.join(",", Arrays.copyOfRange(row, 6, 14)) + "," + row[1] + "," + file;
        assertThat(r.out().strip()).isEqualTo(expected);
    }

    @Test
    void anImageThatCannotBeHashedIsNamedOnStandardErrorAndTheExitCodeIsNonZero(@TempDir Path dir) throws Exception {
        Map<String, String[]> ref = reference();
        Path notImage = Files.writeString(dir.resolve("notes.jpg"), "this is not a JPEG");
        Path missing = dir.resolve("missing.png");
        String good = PDQ_ROOT.resolve("images").resolve(IMAGES.get(1)).toString();
        Run r = run("hash", notImage.toString(), good, missing.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out().strip()).isEqualTo(ref.get(IMAGES.get(1))[0] + "," + ref.get(IMAGES.get(1))[1] + "," + good);
        List<String> errors = r.err().lines().toList();
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).startsWith("fulcrum hash: " + notImage + ": ");
        assertThat(errors.get(1)).startsWith("fulcrum hash: " + missing + ": ").contains("no such file");
    }

    @Test
    void matchFindsEveryBankedHashWithinTheThreshold(@TempDir Path dir) throws Exception {
        PdqHash a = PdqHash.fromHex("f8f8f0cee0f4a84f06370a22038f67f0b36e2ed596221e1d33e6b39c4e9c9b22");
        PdqHash near = a.flip(1).flip(100).flip(200);
        PdqHash far = a;
        for (int k = 0; k < 40; k++) {
            far = far.flip(k * 6);
        }
        Path bank = Files.writeString(
                dir.resolve("bank.csv"),
                "hash,label\n" + a.toHex() + ",\"series 7, part 2\"\n" + far.toHex() + ",other\n");
        Run r = run("match", "--bank", bank.toString(), near.toHex());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(near.toHex() + "," + a.toHex() + ",3,2,\"series 7, part 2\"");
        Run wide = run("match", "--bank", bank.toString(), "--threshold", "60", near.toHex());
        assertThat(wide.out().lines().toList()).hasSize(2);
        assertThat(run("match", "--bank", bank.toString(), "--threshold", "2", near.toHex())
                        .exit())
                .isEqualTo(1);
        Run bad = run("match", "--bank", bank.toString(), "xyz");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("64 hex digits");
        Path broken = Files.writeString(dir.resolve("broken.txt"), a.toHex() + "\nnot a hash\n");
        assertThat(run("match", "--bank", broken.toString(), a.toHex()).err()).contains("line 2");
    }

    @Test
    void bankImportAndExportRoundTripThroughAServer(@TempDir Path dir) throws Exception {
        try (TestApp app = TestApp.sqlite(c -> c.withRateLimits(0, 0))) {
            var staff = new Moderators(app).admin("gus");
            String bankId = staff.postJson(
                            "/v1/banks",
                            Map.of("name", "programme-x", "kind", "block", "policy", "review", "reason", "terrorism"))
                    .json()
                    .get("id")
                    .asText();
            String token = app.app()
                    .module(AuthModule.class)
                    .tokens()
                    .issue("test", Role.HASH_SHARING, "programme-x", "sync")
                    .secret();
            Random random = new Random(7);
            StringBuilder csv = new StringBuilder("hash,type,label,source\n");
            for (int i = 0; i < 23_456; i++) {
                PdqHash h = new PdqHash(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
                csv.append(h.toHex())
                        .append(",pdq,")
                        .append(i % 3 == 0 ? "\"label, " + i + "\"" : "")
                        .append(",x\n");
            }
            Path file = Files.writeString(dir.resolve("programme.csv"), csv);
            Run in = run(
                    "bank",
                    "import",
                    "--server",
                    app.url(),
                    "--token",
                    token,
                    "--bank",
                    "programme-x",
                    file.toString());
            assertThat(in.exit()).as(in.err()).isZero();
            assertThat(in.out()).contains("imported 23456 hashes");
            assertThat(app.app()
                            .module(DetectionModule.class)
                            .detection()
                            .bankIndex()
                            .size(bankId))
                    .isEqualTo(23_456);

            Path out = dir.resolve("export.csv");
            Run ex = run(
                    "bank",
                    "export",
                    "--server",
                    app.url(),
                    "--token",
                    token,
                    "--bank",
                    bankId,
                    "--out",
                    out.toString());
            assertThat(ex.exit()).as(ex.err()).isZero();
            assertThat(lines(Files.readString(out))).isEqualTo(lines(csv.toString()));

            Run hex = run(
                    "bank",
                    "export",
                    "--server",
                    app.url(),
                    "--token",
                    token,
                    "--bank",
                    bankId,
                    "--format",
                    "hex",
                    "--type",
                    "pdq");
            assertThat(hex.out().lines().count()).isEqualTo(23_456);

            Path bad = Files.writeString(dir.resolve("bad.txt"), "a".repeat(64) + "\n" + "b".repeat(63) + "\n");
            Run refused =
                    run("bank", "import", "--server", app.url(), "--token", token, "--bank", bankId, bad.toString());
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err()).contains("line 2");
            assertThat(app.queryLong("SELECT hash_count FROM hash_bank WHERE id = '" + bankId + "'"))
                    .isEqualTo(23_456);
            assertThat(run(
                                    "bank",
                                    "import",
                                    "--server",
                                    app.url(),
                                    "--token",
                                    "wrong",
                                    "--bank",
                                    bankId,
                                    file.toString())
                            .exit())
                    .isEqualTo(1);
        }
    }

    @Test
    void bankImportAndExportGoStraightToTheStoreAndARunningServerPicksTheChangeUp(@TempDir Path dir) throws Exception {
        try (TestApp app = TestApp.sqlite(c -> c.withRateLimits(0, 0))) {
            var staff = new Moderators(app).admin("ivy");
            String bankId = staff.postJson(
                            "/v1/banks",
                            Map.of("name", "offline", "kind", "block", "policy", "review", "reason", "terrorism"))
                    .json()
                    .get("id")
                    .asText();
            String pdq = "f8f8f0cee0f4a84f06370a22038f67f0b36e2ed596221e1d33e6b39c4e9c9b22";
            Path file = Files.writeString(dir.resolve("one.txt"), pdq + "\n" + "0cc175b9c0f1b6a831c399e269772661\n");
            Run in = run("bank", "import", "--data", app.dataDir().toString(), "--bank", "offline", file.toString());
            assertThat(in.exit()).as(in.err()).isZero();
            assertThat(in.out()).contains("imported 2 hashes");
            Await.await(
                    "the running node loads the hashes imported offline",
                    Duration.ofSeconds(5),
                    () -> app.app()
                                    .module(DetectionModule.class)
                                    .detection()
                                    .bankIndex()
                                    .size(bankId)
                            >= 2);
            assertThat(app.app()
                            .module(DetectionModule.class)
                            .detection()
                            .bankIndex()
                            .size(bankId))
                    .isEqualTo(2);
            Run out = run(
                    "bank",
                    "export",
                    "--data",
                    app.dataDir().toString(),
                    "--bank",
                    bankId,
                    "--format",
                    "hex",
                    "--type",
                    "md5");
            assertThat(out.exit()).as(out.err()).isZero();
            assertThat(out.out()).isEqualTo("0cc175b9c0f1b6a831c399e269772661\n");
            assertThat(run("bank", "export", "--bank", bankId).err()).contains("--server");
            assertThat(app.queryLong(
                            "SELECT COUNT(*) FROM audit WHERE action = 'bank.hashes.add' AND actor LIKE 'cli:%'"))
                    .isEqualTo(1);
        }
    }

    static Set<String> lines(String s) {
        return s.lines().filter(l -> !l.isBlank()).collect(Collectors.toCollection(TreeSet::new));
    }
}
