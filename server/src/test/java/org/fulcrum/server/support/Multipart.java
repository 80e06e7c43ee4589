package org.fulcrum.server.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** File uploads as HMA's clients send them: one file in a {@code multipart/form-data} body. */
public final class Multipart {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Multipart() {}

    /** A {@code multipart/form-data} body with one file under {@code field}. */
    public static HttpRequest.BodyPublisher body(String boundary, String field, String filename, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                        + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.BodyPublishers.ofByteArray(out.toByteArray());
    }

    /**
     * Posts {@code bytes} as the file {@code filename} under {@code field} to {@code path} of {@code
     * app} with a bearer {@code token}; a minute for the answer (a video is hashed while it waits).
     */
    public static HttpResponse<String> upload(
            TestApp app, String token, String path, String field, String filename, byte[] bytes)
            throws IOException, InterruptedException {
        String boundary = "b" + System.nanoTime();
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(app.url() + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(body(boundary, field, filename, bytes))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
