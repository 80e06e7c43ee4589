package org.fulcrum.server.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fulcrum.server.core.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Statements of reasons: export them in DSA Transparency Database batches. */
@Command(
        name = "sor",
        mixinStandardHelpOptions = true,
        subcommands = SorCommand.Export.class,
        description = "Statements of reasons (DSA Art. 17).")
public final class SorCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /**
     * Fetches every statement from a server's export API and writes one file per batch, each the
     * body of one DSA Transparency Database batch submission: {@code {"statements": [...]}}, at
     * most 100 statements, no personal data.
     */
    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Write statements of reasons as DSA Transparency Database batch files (at most 100 each).")
    public static final class Export implements Callable<Integer> {
        private final Json json = Json.strict();

        @Option(names = "--server", required = true, description = "base URL of a Fulcrum server")
        String server;

        @Option(names = "--out", required = true, description = "folder for the batch files (created if missing)")
        Path out;

        @Option(names = "--after", description = "resume after this statement puid")
        String after;

        @Option(names = "--batch", defaultValue = "100", description = "statements per file, 1-100 (default 100)")
        int batch;

        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        @Override
        public Integer call() throws Exception {
            if (batch < 1 || batch > 100) {
                System.err.println(
                        "--batch must be between 1 and 100: a batch submission holds at most 100 statements");
                return 2;
            }
            Files.createDirectories(out);
            Optional<String> cursor = Optional.ofNullable(after);
            int files = 0;
            long statements = 0;
            while (true) {
                String url = server.replaceAll("/+$", "") + "/v1/sor/export?limit=" + batch
                        + cursor.map(c -> "&after=" + URLEncoder.encode(c, StandardCharsets.UTF_8))
                                .orElse("");
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(60))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    System.err.println("fulcrum sor export: the server answered " + r.statusCode() + " for " + url
                            + "; check --server and --after");
                    return Failures.IO;
                }
                int count = json.mapper().readTree(r.body()).path("statements").size();
                if (count == 0) {
                    break;
                }
                files++;
                statements += count;
                Files.writeString(out.resolve(String.format("statements-%05d.json", files)), r.body());
                cursor = r.headers().firstValue("Fulcrum-Next-After");
                if (cursor.isEmpty()) {
                    break;
                }
            }
            System.out.printf("wrote %d statements in %d files to %s%n", statements, files, out);
            return 0;
        }
    }
}
