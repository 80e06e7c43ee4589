package org.fulcrum.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.detect.Bank;
import org.fulcrum.server.detect.BankExport;
import org.fulcrum.server.detect.BankFormat;
import org.fulcrum.server.detect.BankHash;
import org.fulcrum.server.detect.BankIndex;
import org.fulcrum.server.detect.Banks;
import org.fulcrum.server.detect.HashType;
import org.fulcrum.server.store.Database;
import picocli.CommandLine.Option;

/**
 * Where {@code fulcrum bank} finds the bank: a running server (URL and a {@code hash_sharing}
 * token), or the store itself (the data folder of an embedded server, or the PostgreSQL of a
 * configuration file), for when no server runs yet. A running server on the same store picks the
 * change up within a second.
 */
final class BankTarget {
    static final int ROWS_PER_REQUEST = 10_000;
    static final int BYTES_PER_REQUEST = 2 << 20;

    @Option(names = "--server", description = "base URL of a running Fulcrum server")
    String server;

    @Option(names = "--token", description = "with --server: a hash_sharing API token (default: FULCRUM_TOKEN)")
    String token;

    @Option(names = "--data", description = "instead of --server: the data folder of an embedded store")
    Path data;

    @Option(names = "--config", description = "instead of --server: a configuration file (for PostgreSQL)")
    Path config;

    @Option(names = "--bank", required = true, description = "the bank's id or name")
    String bank;

    private final Json json = Json.strict();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** What an import changed: hashes added, hashes already there. */
    record Imported(String bankId, long added, long present) {}

    private boolean remote() {
        if ((server != null) == (data != null || config != null)) {
            throw new FulcrumException.InvalidInput("--server", "give either --server or --data/--config");
        }
        return server != null;
    }

    Imported importHashes(List<BankHash> hashes) throws IOException, InterruptedException {
        if (!remote()) {
            try (Database db = open()) {
                Banks banks = new Banks(db, Clock.systemUTC(), new BankIndex(), "cli");
                String id = localId(banks);
                Banks.Changed c = banks.add("cli:" + System.getProperty("user.name", "operator"), id, hashes, "import");
                return new Imported(id, c.changed(), c.unchanged());
            }
        }
        String id = remoteId();
        long added = 0;
        long present = 0;
        StringBuilder chunk = new StringBuilder(BankFormat.CSV_HEADER).append('\n');
        int rows = 0;
        for (int i = 0; i <= hashes.size(); i++) {
            boolean last = i == hashes.size();
            if (!last) {
                BankHash h = hashes.get(i);
                chunk.append(BankFormat.csvRow(h.hashType(), h.hash(), h.label(), h.source()))
                        .append('\n');
                rows++;
            }
            if (rows > 0 && (last || rows == ROWS_PER_REQUEST || chunk.length() > BYTES_PER_REQUEST)) {
                HttpResponse<String> r = http.send(
                        request("/v1/banks/" + enc(id) + "/import")
                                .header("Content-Type", "text/csv; charset=utf-8")
                                .POST(HttpRequest.BodyPublishers.ofString(chunk.toString(), StandardCharsets.UTF_8))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                check(r.statusCode(), r.body());
                JsonNode changed = json.mapper().readTree(r.body());
                added += changed.get("changed").asLong();
                present += changed.get("unchanged").asLong();
                chunk.setLength(0);
                chunk.append(BankFormat.CSV_HEADER).append('\n');
                rows = 0;
            }
        }
        return new Imported(id, added, present);
    }

    void export(boolean csv, Optional<HashType> type, Writer out) throws IOException, InterruptedException {
        if (!remote()) {
            try (Database db = open()) {
                Banks banks = new Banks(db, Clock.systemUTC(), new BankIndex(), "cli");
                new BankExport(db, banks).export(localId(banks), csv, type, out);
                return;
            }
        }
        String query = "?format=" + (csv ? "csv" : "hex")
                + type.map(t -> "&type=" + t.name()).orElse("");
        HttpResponse<InputStream> r = http.send(
                request("/v1/banks/" + enc(remoteId()) + "/export" + query)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                check(r.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            new InputStreamReader(in, StandardCharsets.UTF_8).transferTo(out);
        }
    }

    private Database open() {
        ConfigLoader loader = new ConfigLoader().file(config).environment(System.getenv());
        if (data != null) {
            loader.set("data", data.toString());
        }
        return Database.open(loader.load(), Clock.systemUTC());
    }

    private String localId(Banks banks) {
        return banks.list().stream()
                .filter(b -> b.id().equals(bank) || b.name().equals(bank))
                .map(Bank::id)
                .findFirst()
                .orElseThrow(() -> new FulcrumException.NotFound("bank '" + bank + "'"));
    }

    private String remoteId() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request("/v1/banks").GET().build(), HttpResponse.BodyHandlers.ofString());
        check(r.statusCode(), r.body());
        for (JsonNode b : json.mapper().readTree(r.body())) {
            if (b.get("id").asText().equals(bank) || b.get("name").asText().equals(bank)) {
                return b.get("id").asText();
            }
        }
        throw new FulcrumException.NotFound("bank '" + bank + "' on " + server);
    }

    private HttpRequest.Builder request(String path) {
        String t = token != null ? token : System.getenv("FULCRUM_TOKEN");
        if (t == null || t.isBlank()) {
            throw new FulcrumException.InvalidInput("--token", "give --token or set FULCRUM_TOKEN");
        }
        return HttpRequest.newBuilder(URI.create(server.replaceAll("/+$", "") + path))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + t);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private void check(int status, String body) {
        if (status / 100 != 2) {
            String detail = body;
            try {
                detail = Optional.ofNullable(json.mapper().readTree(body).get("detail"))
                        .map(JsonNode::asText)
                        .orElse(body);
            } catch (IOException e) {
                // not a problem document: show the body as it came
            }
            throw new FulcrumException("the server answered " + status + ": " + detail);
        }
    }
}
