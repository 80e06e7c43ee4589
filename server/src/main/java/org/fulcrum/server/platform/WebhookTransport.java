package org.fulcrum.server.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers actions to the platform's webhook. Each request carries {@code Fulcrum-Action-Id},
 * {@code Fulcrum-Timestamp} (epoch seconds) and {@code Fulcrum-Signature}: the lower-case hex
 * HMAC-SHA256, under the shared secret, of the timestamp, a full stop, and the body. A 2xx answer
 * acknowledges; anything else, or no answer within the timeout, is a failure to retry.
 */
public final class WebhookTransport implements Outbox.Transport {
    public static final String ACTION_ID = "Fulcrum-Action-Id";
    public static final String TIMESTAMP = "Fulcrum-Timestamp";
    public static final String SIGNATURE = "Fulcrum-Signature";

    private final URI url;
    private final byte[] secret;
    private final Clock clock;
    private final Duration timeout;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    public WebhookTransport(String url, String secret, Clock clock, Duration timeout) {
        this.url = URI.create(url);
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public Duration timeout() {
        return timeout.plus(CONNECT_TIMEOUT);
    }

    @Override
    public Outbox.Delivery deliver(Outbox.Envelope envelope) {
        String actionId = envelope.actionId();
        String payload = envelope.payload();
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(ACTION_ID, actionId)
                .header(TIMESTAMP, timestamp)
                .header(SIGNATURE, sign(secret, timestamp, payload))
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Outbox.Delivery.Delivered(status);
            }
            return new Outbox.Delivery.Failed(status, "webhook answered " + status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outbox.Delivery.Failed(null, "interrupted");
        } catch (Exception e) {
            return new Outbox.Delivery.Failed(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The signature a receiver recomputes to check a delivery. */
    public static String sign(byte[] secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
