package org.fulcrum.server.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.signature.HttpSignatures;
import org.fulcrum.server.lawful.signature.Jwk;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Signs a request to the lawful API with an officer's Ed25519 key (RFC 9421 over @method,
 * @target-uri and content-digest, with created, nonce and keyid), then prints it as a curl
 * command, or sends it with {@code --send} and prints the answer.
 */
@Command(
        name = "sign",
        mixinStandardHelpOptions = true,
        description = "Sign a lawful request (RFC 9421, Ed25519) and print it as curl, or send it.")
public final class SignCommand implements Callable<Integer> {
    @Option(names = "--key", required = true, description = "the officer's signing-key.jwk")
    Path key;

    @Option(
            names = "--url",
            required = true,
            description = "the full URL, e.g. https://fulcrum.example/v1/lawful/requests")
    String url;

    @Option(names = "--method", defaultValue = "POST", description = "HTTP method (default ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--body", description = "a file with the JSON body (none for GET)")
    Path body;

    @Option(names = "--send", description = "send the request and print the answer instead of a curl command")
    boolean send;

    @Override
    public Integer call() throws Exception {
        Jwk jwk = Jwk.read(key, Json.strict());
        byte[] bytes = body == null ? new byte[0] : Files.readAllBytes(body);
        String m = method.toUpperCase();
        // without a body there is nothing to digest: the signature covers @method and @target-uri only
        HttpSignatures.Signed s = bytes.length == 0
                ? HttpSignatures.signRequest(
                        jwk,
                        HttpSignatures.BODILESS_REQUEST_COMPONENTS,
                        c -> c.equals("@method") ? m : url,
                        Instant.now().getEpochSecond(),
                        HttpSignatures.newNonce(),
                        null)
                : HttpSignatures.signRequest(
                        jwk, m, url, bytes, Instant.now().getEpochSecond(), HttpSignatures.newNonce());
        if (!send) {
            StringBuilder curl =
                    new StringBuilder("curl -sS -X ").append(m).append(' ').append(quote(url));
            if (bytes.length > 0) {
                curl.append(" \\\n  -H ").append(quote("Content-Type: application/json"));
            }
            if (s.contentDigest() != null) {
                curl.append(" \\\n  -H ").append(quote("Content-Digest: " + s.contentDigest()));
            }
            curl.append(" \\\n  -H ").append(quote("Signature-Input: " + s.signatureInput()));
            curl.append(" \\\n  -H ").append(quote("Signature: " + s.signature()));
            if (body != null) {
                curl.append(" \\\n  --data-binary @").append(quote(body.toString()));
            }
            System.out.println(curl);
            return 0;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Signature-Input", s.signatureInput())
                .header("Signature", s.signature());
        if (s.contentDigest() != null) {
            b.header("Content-Digest", s.contentDigest());
        }
        if (bytes.length > 0) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                m,
                bytes.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(bytes));
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        System.out.println("HTTP " + r.statusCode());
        System.out.println(r.body());
        return r.statusCode() < 400 ? 0 : 1;
    }

    /** Single-quotes for a POSIX shell. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
