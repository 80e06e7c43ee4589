package org.fulcrum.server.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.transparency.LogAudit;
import org.fulcrum.server.transparency.LogExport;
import org.fulcrum.server.transparency.report.ReportDiff;
import org.fulcrum.server.transparency.report.ReportEngine;
import org.fulcrum.tlog.checkpoint.Checkpoint;
import org.fulcrum.tlog.note.NoteKeys;
import org.fulcrum.tlog.note.NoteVerifier;
import org.fulcrum.tlog.tile.EntryBundle;
import org.fulcrum.tlog.tile.Tile;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Verifies a Fulcrum transparency log from a server or an export: the signed checkpoint,
 * consistency with the checkpoint seen last time (kept in {@code --state}), every entry against
 * the signed root, and every reveal against its sealed commitment. Exits 0 only if all agree.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Verify a Fulcrum transparency log (from a server or an export file).")
public final class VerifyCommand implements Callable<Integer> {
    private final Json json = Json.strict();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--server", description = "base URL of a Fulcrum server")
        String server;

        @Option(names = "--export", description = "a log export file (GET /v1/log/export)")
        Path export;
    }

    @Option(names = "--state", description = "file keeping the last verified checkpoint and the pinned key")
    Path state;

    @Option(names = "--key", description = "the log's verifier key (name+id+base64); pinned in --state after first use")
    String key;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public Integer call() throws Exception {
        Properties saved = new Properties();
        if (state != null && Files.exists(state)) {
            try (var in = Files.newBufferedReader(state)) {
                saved.load(in);
            }
        }
        LogExport.Contents export = source.export != null ? LogExport.open(source.export) : null;
        try {
            String keyText = key != null ? key : saved.getProperty("key");
            if (keyText == null) {
                keyText = export != null
                        ? export.verifierKey()
                        : text(get("/log/key")).trim();
                System.err.println(
                        "warning: no --key given; trusting the key the log presents on first use: " + keyText);
            }
            NoteVerifier verifier = NoteKeys.parseVerifier(keyText);
            byte[] signed = export != null ? export.checkpoint() : get("/log/checkpoint");
            LogAudit audit = new LogAudit(verifier, verifier.name());
            Checkpoint cp = audit.checkpoint(signed);
            if (cp == null) {
                return report(audit, null);
            }
            Checkpoint earlier = null;
            if (saved.getProperty("checkpoint") != null) {
                earlier = audit.checkpoint(Base64.getDecoder().decode(saved.getProperty("checkpoint")));
                if (earlier != null && source.server != null && earlier.size() > 0 && earlier.size() <= cp.size()) {
                    audit.consistent(earlier, cp, consistencyProof(earlier.size(), cp.size()));
                }
            }
            Optional<String> published =
                    export != null ? export.report() : Optional.of(text(get("/v1/reports/transparency.json")));
            long snapshot = published.map(this::reportSize).orElse(-1L);
            if (snapshot > cp.size()) {
                audit.problems()
                        .add("the published report covers " + snapshot + " entries, more than the checkpoint's "
                                + cp.size());
                snapshot = -1;
            }
            ReportEngine engine = new ReportEngine();
            long[] fed = {0};
            long until = snapshot;
            Iterator<byte[]> source = export != null ? export.entries() : serverEntries(cp.size());
            Iterator<byte[]> entries = new Iterator<>() {
                public boolean hasNext() {
                    return source.hasNext();
                }

                public byte[] next() {
                    byte[] data = source.next();
                    if (fed[0] < until) {
                        try {
                            engine.add(fed[0], data);
                        } catch (RuntimeException malformed) {
                            // LogAudit reports the malformed entry; the report comparison will differ
                        }
                    }
                    fed[0]++;
                    return data;
                }
            };
            long total = cp.size();
            byte[][] rootAtSnapshot = {null};
            audit.entries(
                    cp,
                    earlier != null && earlier.size() <= cp.size() ? earlier : null,
                    entries,
                    done -> progress(done, total),
                    snapshot,
                    root -> rootAtSnapshot[0] = root);
            if (published.isPresent() && snapshot >= 0 && rootAtSnapshot[0] != null) {
                String recomputed = json.write(engine.build(snapshot, rootAtSnapshot[0]));
                ReportDiff.compare(json, published.get(), recomputed)
                        .forEach(d -> audit.problems().add("published report differs from the log: " + d));
            } else if (published.isEmpty()) {
                System.err.println("note: no published report to compare");
            }
            if (earlier != null && earlier.size() > cp.size()) {
                audit.consistent(earlier, cp, List.of());
            }
            if (audit.problems().isEmpty() && state != null) {
                saved.setProperty("key", keyText);
                saved.setProperty("checkpoint", Base64.getEncoder().encodeToString(signed));
                try (var out = Files.newBufferedWriter(state)) {
                    saved.store(out, "fulcrum verify state");
                }
            }
            return report(audit, cp);
        } finally {
            if (export != null) {
                export.close();
            }
        }
    }

    private long reportSize(String report) {
        try {
            return json.tree(report).path("logSize").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static int report(LogAudit audit, Checkpoint cp) {
        System.err.println();
        if (audit.problems().isEmpty()) {
            System.out.println("OK: " + cp.size() + " entries verified against the signed checkpoint of " + cp.origin()
                    + "; the published report agrees with the log");
            return 0;
        }
        System.out.println("FAILED: " + audit.problems().size() + " problem(s)");
        audit.problems().forEach(p -> System.out.println("  - " + p));
        return 1;
    }

    private static void progress(long done, long total) {
        if (total < 50_000) {
            return;
        }
        int width = 40;
        int filled = (int) (width * done / Math.max(1, total));
        System.err.printf("\r[%s%s] %d/%d", "#".repeat(filled), " ".repeat(width - filled), done, total);
    }

    private List<byte[]> consistencyProof(long from, long to) throws IOException, InterruptedException {
        var node = json.mapper().readTree(get("/v1/log/proof/consistency?from=" + from + "&to=" + to));
        List<byte[]> proof = new ArrayList<>();
        node.path("proof").forEach(h -> proof.add(Base64.getDecoder().decode(h.asText())));
        return proof;
    }

    /** Streams entries through the entry bundles of the C2SP tiles, one bundle at a time. */
    private Iterator<byte[]> serverEntries(long size) {
        return new Iterator<>() {
            private long tileIndex;
            private Iterator<byte[]> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && tileIndex * Tile.FULL_WIDTH < size) {
                    Tile t = Tile.at(0, tileIndex++, size);
                    try {
                        current = EntryBundle.decode(get("/log/" + t.entriesPath()))
                                .iterator();
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException("cannot fetch " + t.entriesPath() + ": " + e.getMessage(), e);
                    }
                }
                return current.hasNext();
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    private byte[] get(String path) throws IOException, InterruptedException {
        String base = source.server.replaceAll("/+$", "");
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode());
        }
        return r.body();
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
