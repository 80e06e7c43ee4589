package org.fulcrum.server.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.ContentEvent;

/** The messenger's client of Fulcrum's platform API: streams content events in batches. */
public final class PlatformClient {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final Json json;
    private final String token;

    public PlatformClient(String baseUrl, String token, Json json) {
        this.json = json;
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** Sends {@code events} in batches of {@code batchSize}; throws if Fulcrum refuses one. */
    public void send(List<ContentEvent> events, int batchSize) {
        for (int i = 0; i < events.size(); i += batchSize) {
            List<ContentEvent> batch = events.subList(i, Math.min(events.size(), i + batchSize));
            HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/platform/events"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.write(Map.of("events", batch))))
                    .build();
            try {
                HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() != 200) {
                    throw new IllegalStateException(
                            "Fulcrum refused a batch: " + resp.statusCode() + " " + resp.body());
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot reach Fulcrum: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
