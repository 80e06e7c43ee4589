package org.fulcrum.server.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers actions to the platform's webhook. Each request carries {@code Fulcrum-Action-Id},
 * {@code Fulcrum-Timestamp} (epoch seconds) and {@code Fulcrum-Signature}: the lower-case hex
 * HMAC-SHA256, under the shared secret, of the timestamp, a full stop, and the body. A 2xx answer
 * acknowledges; anything else, or no answer within the timeout, is a failure to retry.
 *
 * <p>A platform that opts in ({@code webhook.batch.size} above 1) receives many actions in one
 * request instead: the body is {@code {"actions":[...]}} with each action as it would be sent alone,
 * {@code Fulcrum-Batch} gives their number (there is no {@code Fulcrum-Action-Id}), and the same
 * signature covers the whole body. A 2xx answer acknowledges every action of the batch.
 *
 * <p>One client serves every request in flight: plain {@code http} URLs use HTTP/1.1 and a pool of
 * keep-alive connections (one per request in flight), {@code https} URLs HTTP/2 where the platform
 * offers it (many streams on one connection).
 */
public final class WebhookTransport implements Outbox.Transport {
    public static final String ACTION_ID = "Fulcrum-Action-Id";
    public static final String TIMESTAMP = "Fulcrum-Timestamp";
    public static final String SIGNATURE = "Fulcrum-Signature";
    public static final String BATCH = "Fulcrum-Batch";
    /** The most actions one batch request may carry. */
    public static final int MAX_BATCH = 1_000;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private final URI url;
    private final byte[] secret;
    private final Clock clock;
    private final Duration timeout;
    private final int batchSize;
    private final HttpClient client;

    public WebhookTransport(String url, String secret, Clock clock, Duration timeout) {
        this(url, secret, clock, timeout, 1);
    }

    /**
     * @param batchSize actions per request; 1 sends each action alone, more sends batches
     */
    public WebhookTransport(String url, String secret, Clock clock, Duration timeout, int batchSize) {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("webhook.batch.size must be between 1 and " + MAX_BATCH);
        }
        this.url = URI.create(url);
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.timeout = timeout;
        this.batchSize = batchSize;
        // Over plain http the client would otherwise ask every new connection to upgrade to h2c.
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .version(
                        "https".equalsIgnoreCase(this.url.getScheme())
                                ? HttpClient.Version.HTTP_2
                                : HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public Duration timeout() {
        return timeout.plus(CONNECT_TIMEOUT);
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public Outbox.Delivery deliver(Outbox.Envelope envelope) {
        if (batchSize > 1) {
            return deliverAll(List.of(envelope)).getFirst();
        }
        return post(envelope.payload(), b -> b.header(ACTION_ID, envelope.actionId()));
    }

    /** One request for the whole batch when the platform opted in, else one request per action. */
    @Override
    public List<Outbox.Delivery> deliverAll(List<Outbox.Envelope> envelopes) {
        if (batchSize == 1) {
            return envelopes.stream().map(this::deliver).toList();
        }
        StringBuilder body = new StringBuilder("{\"actions\":[");
        for (int i = 0; i < envelopes.size(); i++) {
            body.append(i == 0 ? "" : ",").append(envelopes.get(i).payload());
        }
        body.append("]}");
        Outbox.Delivery result = post(body.toString(), b -> b.header(BATCH, String.valueOf(envelopes.size())));
        return Collections.nCopies(envelopes.size(), result);
    }

    private Outbox.Delivery post(String payload, UnaryOperator<HttpRequest.Builder> headers) {
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        HttpRequest request = headers.apply(HttpRequest.newBuilder(url)
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .header(TIMESTAMP, timestamp)
                        .header(SIGNATURE, sign(secret, timestamp, payload))
                        .POST(HttpRequest.BodyPublishers.ofString(payload)))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
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
