package org.fulcrum.server.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Json;

/**
 * Reads a batch of a publisher's feed over HTTP, with the exchange's bearer token when it has one.
 * The token is stored sealed under the evidence key, bound to its exchange, and opened only to send
 * it. Every failure to get a batch is a {@link FeedSignature.BatchRefused} that says why in words.
 */
final class FeedClient {
    /** Entries asked for per batch. */
    static final int BATCH = 500;
    /** Largest signed batch read. */
    static final int MAX_BATCH_BYTES = 32 << 20;

    private static final String TOKEN_SEALED_FOR = "exchange-token:";

    private final FeedKey.KeySealer sealer;
    private final Json json;
    private final HttpClient http;

    FeedClient(FeedKey.KeySealer sealer, Json json) {
        this.sealer = sealer;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The exchange's token sealed for storing. */
    String seal(String exchangeId, String token) {
        return Base64.getEncoder()
                .encodeToString(sealer.seal(token.getBytes(StandardCharsets.UTF_8), TOKEN_SEALED_FOR + exchangeId));
    }

    /** The signed batch past {@code cursor}, as the publisher sent it. */
    String fetch(Exchanges.ExchangeRow row, long cursor) throws FeedSignature.BatchRefused {
        String url = row.feedUrl() + (row.feedUrl().contains("?") ? "&" : "?") + "cursor=" + cursor + "&limit=" + BATCH;
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .GET();
        if (row.token() != null) {
            req.header("Authorization", "Bearer " + open(row.id(), row.token()));
        }
        try {
            HttpResponse<InputStream> res = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = res.body()) {
                byte[] bytes = in.readNBytes(MAX_BATCH_BYTES + 1);
                if (bytes.length > MAX_BATCH_BYTES) {
                    throw new FeedSignature.BatchRefused(
                            "the batch is larger than " + (MAX_BATCH_BYTES >> 20) + " MiB");
                }
                String text = new String(bytes, StandardCharsets.UTF_8);
                if (res.statusCode() != 200) {
                    throw new FeedSignature.BatchRefused(
                            "the publisher answered " + res.statusCode() + problemTitle(text));
                }
                return text;
            }
        } catch (IOException e) {
            throw new FeedSignature.BatchRefused(FetchErrors.inWords(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedSignature.BatchRefused("interrupted");
        }
    }

    private String open(String exchangeId, String sealed) throws FeedSignature.BatchRefused {
        return sealer.open(Base64.getDecoder().decode(sealed), TOKEN_SEALED_FOR + exchangeId)
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .orElseThrow(
                        () -> new FeedSignature.BatchRefused("the exchange's token cannot be opened on this node"));
    }

    private String problemTitle(String body) {
        try {
            JsonNode n = json.tree(body);
            if (n != null && n.path("title").isTextual()) {
                String t = n.path("title").asText();
                return ": " + (t.length() > 200 ? t.substring(0, 200) : t);
            }
        } catch (IOException | RuntimeException e) {
            // not a problem document
        }
        return "";
    }

    /** The feed URL checked: absolute http or https, no fragment, no user information. */
    static String checkedUrl(String url) {
        if (url == null || url.isBlank() || url.length() > 2000) {
            throw new InvalidInput("feedUrl", "is required, at most 2000 characters");
        }
        try {
            URI u = new URI(url.strip());
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new InvalidInput("feedUrl", "must be an absolute http or https URL");
            }
            if (u.getRawFragment() != null || u.getRawUserInfo() != null) {
                throw new InvalidInput("feedUrl", "must have no fragment and no user information");
            }
            return u.toString();
        } catch (URISyntaxException e) {
            throw new InvalidInput("feedUrl", "is not a URL: " + e.getReason());
        }
    }

    /** The publisher's bank named by a feed URL ending in {@code /banks/NAME/feed}. */
    static Optional<String> bankInPath(String url) {
        String path = URI.create(url).getPath();
        String[] parts = path == null ? new String[0] : path.split("/");
        int n = parts.length;
        if (n >= 3 && parts[n - 1].equals("feed") && parts[n - 3].equals("banks") && !parts[n - 2].isEmpty()) {
            return Optional.of(URLDecoder.decode(parts[n - 2], StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }
}
