package org.fulcrum.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Accessibility checks with axe-core running inside the page under test. The npm package is
 * fetched from the npm registry once per build (pinned version, checked against the registry's
 * published SHA-512 integrity) into {@code target/axe}; it is never committed. Registry
 * unreachable: a failure under {@code CI=true}, a skip elsewhere.
 */
public final class Axe {
    static final String VERSION = "4.10.3";
    static final String INTEGRITY =
            "Xm7bpRXnDSX2YE2YFfBk2FnF0ep6tmG7xPh8iHee8MIcrgq762Nkce856dYtJYLkuIoYZvGfTs/PbZhideTcEg==";
    static final URI TARBALL = URI.create("https://registry.npmjs.org/axe-core/-/axe-core-" + VERSION + ".tgz");

    /** One rule broken on the page: its id, impact, help text and the selectors of the offending nodes. */
    public record Violation(String id, String impact, String help, List<String> targets) {
        @Override
        public String toString() {
            return impact + " " + id + " (" + help + ") at " + targets;
        }
    }

    private Axe() {}

    /** Runs axe-core (WCAG 2.0–2.2 A and AA rules) on the current page and returns every violation. */
    @SuppressWarnings("unchecked")
    public static List<Violation> run(WebDriver browser) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript(script());
        Object result = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
                  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help,
                      targets: v.nodes.map(n => String(n.target))}))))
                  .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), targets: []}]));
                """);
        List<Violation> violations = new ArrayList<>();
        for (Object item : (List<Object>) result) {
            Map<String, Object> v = (Map<String, Object>) item;
            violations.add(new Violation(
                    (String) v.get("id"),
                    (String) v.get("impact"),
                    (String) v.get("help"),
                    ((List<Object>) v.get("targets"))
                            .stream().map(String::valueOf).toList()));
        }
        return violations;
    }

    /** The violations whose impact is serious or critical: the ones a page must not have. */
    public static List<Violation> seriousOrCritical(WebDriver browser) {
        return run(browser).stream()
                .filter(v -> v.impact().equals("serious") || v.impact().equals("critical"))
                .toList();
    }

    private static synchronized String script() {
        Path cached = Path.of("target", "axe", "axe-" + VERSION + ".min.js");
        try {
            if (!Files.isRegularFile(cached)) {
                Files.createDirectories(cached.getParent());
                Path partial = Files.createTempFile(cached.getParent(), "axe", ".part");
                Files.write(partial, extract(download(), "package/axe.min.js"));
                Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return Files.readString(cached, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String message = "axe-core " + VERSION + " could not be fetched from " + TARBALL + ": " + e;
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message, e);
            }
            Assumptions.abort(message);
            throw new IllegalStateException(e);
        }
    }

    private static byte[] download() throws IOException {
        try (HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()) {
            HttpResponse<byte[]> response = client.send(
                    HttpRequest.newBuilder(TARBALL)
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("registry answered " + response.statusCode());
            }
            byte[] body = response.body();
            String digest = Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-512").digest(body));
            if (!digest.equals(INTEGRITY)) {
                throw new IOException("tarball integrity mismatch: sha512-" + digest);
            }
            return body;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads one file out of a gzip'd ustar archive (512-byte headers, octal sizes). */
    static byte[] extract(byte[] tgz, String name) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(tgz))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                String entry = new String(header, 0, 100, StandardCharsets.US_ASCII).replace("\0", "");
                if (entry.isEmpty()) {
                    break;
                }
                String octal = new String(header, 124, 12, StandardCharsets.US_ASCII)
                        .replace("\0", "")
                        .trim();
                long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
                byte[] content = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (entry.equals(name)) {
                    return content;
                }
            }
        }
        throw new IOException(name + " not found in the axe-core package");
    }
}
