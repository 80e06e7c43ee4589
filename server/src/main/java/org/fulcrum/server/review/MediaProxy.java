package org.fulcrum.server.review;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.platform.WebhookTransport;

/**
 * Fetches a media item from the platform when a moderator looks at it. Fulcrum keeps hashes, not
 * media: the bytes are read into memory, handed to the browser with {@code Cache-Control: no-store}
 * and dropped. Only URLs on the platform's configured media origin are fetched (anything else would
 * let a content event make the server call into the private network); redirects are not followed,
 * for the same reason. Each fetch is signed with the platform's shared secret, as the webhooks are,
 * so the platform can refuse fetches that do not come from its Fulcrum.
 */
public final class MediaProxy {
    /** Largest media item passed through. */
    public static final int MAX_BYTES = 8 << 20;

    private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    private final Optional<String> origin;
    private final byte[] secret;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public MediaProxy(Config config, Clock clock) {
        this.origin = config.mediaOrigin();
        this.secret = config.webhookSecret().getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** What the console shows for a media item. */
    public sealed interface Fetched {
        /** The item's bytes, as the platform served them. */
        record Image(byte[] bytes, String contentType) implements Fetched {}

        /** No image: a placeholder saying why, in words. */
        record Placeholder(String why) implements Fetched {}
    }

    /** The string a platform signs to check a fetch: the method and the path with its query. */
    public static String signatureBase(URI uri) {
        return "GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** Fetches {@code url} if it lies on the media origin; a failure is a placeholder, never an exception. */
    public Fetched fetch(String url) {
        if (origin.isEmpty()) {
            return new Fetched.Placeholder("No media origin is configured for the platform");
        }
        URI uri;
        try {
            uri = URI.create(url);
            if (!Config.origin(url).equals(origin.get()) || uri.getRawFragment() != null) {
                return new Fetched.Placeholder("Refused: this address is not on the platform's media host");
            }
        } catch (IllegalArgumentException e) {
            return new Fetched.Placeholder("Refused: not a media address");
        }
        HttpRequest request = signed(uri, Duration.ofSeconds(5));
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 404 || response.statusCode() == 410) {
                    return new Fetched.Placeholder("The platform no longer has this item");
                }
                if (response.statusCode() != 200) {
                    return new Fetched.Placeholder("The platform answered " + response.statusCode());
                }
                String type = response.headers()
                        .firstValue("Content-Type")
                        .orElse("")
                        .split(";")[0]
                        .strip()
                        .toLowerCase(Locale.ROOT);
                if (!IMAGE_TYPES.contains(type)) {
                    return new Fetched.Placeholder("The platform sent something that is not an image");
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    return new Fetched.Placeholder("The item is larger than " + (MAX_BYTES >> 20) + " MiB");
                }
                return new Fetched.Image(bytes, type);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetched.Placeholder("Interrupted");
        } catch (IOException e) {
            return new Fetched.Placeholder("The platform is not answering; try again later");
        }
    }

    private HttpRequest signed(URI uri, Duration timeout) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri).timeout(timeout).GET();
        // Without a shared secret (no webhook configured) there is nothing to sign with: the fetch goes unsigned.
        if (secret.length > 0) {
            builder.header(WebhookTransport.TIMESTAMP, timestamp)
                    .header(WebhookTransport.SIGNATURE, WebhookTransport.sign(secret, timestamp, signatureBase(uri)));
        }
        return builder.build();
    }

    /**
     * Fetches a media item a content event names only by its address, for hashing at ingestion: the
     * same origin check and signature as {@link #fetch}, any content type (the hasher recognises the
     * bytes), at most {@code maxBytes}. An address the platform cannot serve, or an item over the
     * bound, is refused as bad input naming {@code field} ({@code limitKey} names the bound); a
     * platform that does not answer is a 503, so the batch is retried.
     */
    public byte[] fetchToHash(String field, String url, long maxBytes, String limitKey) {
        if (origin.isEmpty()) {
            throw new FulcrumException.InvalidInput(
                    field,
                    "this server fetches no media (platform.media.origin is not"
                            + " configured); send the bytes or the hashes");
        }
        URI uri;
        try {
            uri = URI.create(url);
            if (!Config.origin(url).equals(origin.get()) || uri.getRawFragment() != null) {
                throw new FulcrumException.InvalidInput(field, "is not on the platform's media origin " + origin.get());
            }
        } catch (IllegalArgumentException e) {
            throw new FulcrumException.InvalidInput(field, "is not a media address");
        }
        try {
            HttpResponse<InputStream> response =
                    http.send(signed(uri, Duration.ofSeconds(30)), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() >= 500) {
                    throw new FulcrumException.Unavailable(
                            "the platform answered " + response.statusCode() + " for a media item; retry the batch");
                }
                if (response.statusCode() != 200) {
                    throw new FulcrumException.InvalidInput(field, "the platform answered " + response.statusCode());
                }
                long declared =
                        response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > maxBytes) {
                    throw new FulcrumException.InvalidInput(
                            field, "the item is " + declared + " bytes, over " + limitKey + " = " + maxBytes);
                }
                byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new FulcrumException.InvalidInput(
                            field, "the item is over " + limitKey + " = " + maxBytes + " bytes");
                }
                if (bytes.length == 0) {
                    throw new FulcrumException.InvalidInput(field, "the platform served an empty item");
                }
                return bytes;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FulcrumException.Unavailable("interrupted while fetching a media item");
        } catch (IOException e) {
            throw new FulcrumException.Unavailable("the platform's media host is not answering; retry the batch");
        }
    }

    /** A grey tile with the reason in words, drawn as SVG (no script, no external reference). */
    public static String placeholderSvg(String why) {
        String text = why.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"320\" height=\"180\" viewBox=\"0 0 320 180\">"
                + "<rect width=\"320\" height=\"180\" fill=\"#e4e7ec\"/>"
                + "<text x=\"160\" y=\"80\" font-family=\"sans-serif\" font-size=\"15\" text-anchor=\"middle\""
                + " fill=\"#1d2433\">Media unavailable</text>"
                + "<text x=\"160\" y=\"108\" font-family=\"sans-serif\" font-size=\"11\" text-anchor=\"middle\""
                + " fill=\"#1d2433\">" + text + "</text></svg>";
    }
}
