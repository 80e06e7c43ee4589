package org.fulcrum.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fulcrum.server.FulcrumException;
import org.fulcrum.server.detect.BankFormat;
import org.fulcrum.server.detect.BankHash;
import org.fulcrum.server.detect.HashType;
import org.fulcrum.server.web.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Moves hash banks between files and a Fulcrum server: {@code import} reads a bank file (hex per
 * line or CSV with header hash,type,label,source), checks every line before sending anything, and
 * sends it in requests the server accepts; {@code export} writes a bank as CSV or hex per line.
 * Staff sign in to the console, not here: the command uses a {@code hash_sharing} API token, which
 * an admin issues with POST /v1/admin/tokens.
 */
@Command(name = "bank", mixinStandardHelpOptions = true,
        description = "Import a bank file into a server's hash bank, or export one.",
        subcommands = {BankCommand.Import.class, BankCommand.Export.class})
public final class BankCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the bank lives and how to reach it. */
    static final class Target {
        @Option(names = "--server", required = true, description = "base URL of the Fulcrum server")
        String server;

        @Option(names = "--token", description = "a hash_sharing API token (default: FULCRUM_TOKEN)")
        String token;

        @Option(names = "--bank", required = true, description = "the bank's id or name")
        String bank;

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        String token() {
            String t = token != null ? token : System.getenv("FULCRUM_TOKEN");
            if (t == null || t.isBlank()) {
                throw new FulcrumException.InvalidInput("--token", "give --token or set FULCRUM_TOKEN");
            }
            return t;
        }

        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(server.replaceAll("/+$", "") + path))
                    .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + token());
        }

        /** The bank's id: {@code --bank} itself if a bank has that id, else the bank of that name. */
        String bankId() throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(request("/v1/banks").GET().build(), HttpResponse.BodyHandlers.ofString());
            check(r.statusCode(), r.body());
            for (JsonNode b : Json.mapper().readTree(r.body())) {
                if (b.get("id").asText().equals(bank) || b.get("name").asText().equals(bank)) {
                    return b.get("id").asText();
                }
            }
            throw new FulcrumException.NotFound("bank '" + bank + "' on " + server);
        }

        static void check(int status, String body) {
            if (status / 100 != 2) {
                String detail = body;
                try {
                    detail = Optional.ofNullable(Json.mapper().readTree(body).get("detail")).map(JsonNode::asText).orElse(body);
                } catch (IOException e) {
                    // not a problem document; show the body as it came
                }
                throw new FulcrumException("the server answered " + status + ": " + detail);
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import a bank file (hex per line, or CSV with header hash,type,label,source).",
                    "Every line is checked first; a bad line is reported by number and nothing is sent.",
                    "Exit code 0 on success, 1 if the server refused, 2 if the file is malformed."})
    static final class Import implements Callable<Integer> {
        static final int ROWS_PER_REQUEST = 10_000;
        static final int BYTES_PER_REQUEST = 2 << 20;

        @Mixin
        Target target;

        @Option(names = "--type", description = "type of bare 64-digit hashes: pdq (default) or sha256")
        String type;

        @Parameters(paramLabel = "FILE", description = "the bank file, or - for standard input")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<BankHash> hashes;
            try {
                String text = file.toString().equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(file, StandardCharsets.UTF_8);
                hashes = BankFormat.parse(text, Optional.ofNullable(type).map(t -> HashType.parse("--type", t)));
            } catch (FulcrumException.InvalidInput e) {
                err.println("fulcrum bank import: " + file + ": " + e.field() + ": " + e.getMessage());
                err.flush();
                return 2;
            } catch (IOException e) {
                err.println("fulcrum bank import: cannot read " + file + ": " + e.getMessage());
                err.flush();
                return 2;
            }
            try {
                String id = target.bankId();
                long added = 0;
                long present = 0;
                StringBuilder chunk = new StringBuilder(BankFormat.CSV_HEADER).append('\n');
                int rows = 0;
                for (int i = 0; i <= hashes.size(); i++) {
                    boolean last = i == hashes.size();
                    if (!last) {
                        BankHash h = hashes.get(i);
                        chunk.append(BankFormat.csvRow(h.hashType(), h.hash(), h.label(), h.source())).append('\n');
                        rows++;
                    }
                    if (rows > 0 && (last || rows == ROWS_PER_REQUEST || chunk.length() > BYTES_PER_REQUEST)) {
                        JsonNode r = send(id, chunk.toString());
                        added += r.get("changed").asLong();
                        present += r.get("unchanged").asLong();
                        chunk.setLength(0);
                        chunk.append(BankFormat.CSV_HEADER).append('\n');
                        rows = 0;
                    }
                }
                out.println("imported " + added + " hashes into bank " + id + " (" + present + " already present)");
                out.flush();
                return 0;
            } catch (FulcrumException e) {
                err.println("fulcrum bank import: " + e.getMessage());
                err.flush();
                return 1;
            }
        }

        private JsonNode send(String id, String csv) throws IOException, InterruptedException {
            HttpRequest req = target.request("/v1/banks/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/import")
                    .header("Content-Type", "text/csv; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)).build();
            HttpResponse<String> r = target.http.send(req, HttpResponse.BodyHandlers.ofString());
            Target.check(r.statusCode(), r.body());
            return Json.mapper().readTree(r.body());
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Export a bank as CSV (hash,type,label,source) or hex per line.",
                    "Exit code 0 on success, 1 if the server refused."})
    static final class Export implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--format", description = "csv (default) or hex")
        String format = "csv";

        @Option(names = "--type", description = "only hashes of this type: pdq, md5 or sha256 (required for hex)")
        String type;

        @Option(names = "--out", paramLabel = "FILE", description = "where to write (default: standard output)")
        Path outFile;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            try {
                String id = target.bankId();
                String query = "?format=" + URLEncoder.encode(format, StandardCharsets.UTF_8)
                        + (type == null ? "" : "&type=" + URLEncoder.encode(type, StandardCharsets.UTF_8));
                HttpRequest req = target.request("/v1/banks/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                        + "/export" + query).GET().build();
                HttpResponse<InputStream> r = target.http.send(req, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    if (r.statusCode() != 200) {
                        Target.check(r.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                    if (outFile == null) {
                        PrintWriter out = spec.commandLine().getOut();
                        new java.io.InputStreamReader(in, StandardCharsets.UTF_8).transferTo(out);
                        out.flush();
                    } else {
                        try (OutputStream o = Files.newOutputStream(outFile)) {
                            in.transferTo(o);
                        }
                    }
                }
                return 0;
            } catch (FulcrumException e) {
                err.println("fulcrum bank export: " + e.getMessage());
                err.flush();
                return 1;
            }
        }
    }
}
