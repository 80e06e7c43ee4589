package org.fulcrum.bench.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 requests as the load drivers send them: one block of bytes each, the header lines every
 * request of a driver carries (host and, say, a bearer token) prepared once.
 */
final class RequestBytes {
    private final byte[] fixedHeaders;

    /**
     * @param base the server's base URL, plain {@code http} only
     * @param headers header lines sent with every request, e.g. {@code "Authorization: Bearer ..."}
     */
    RequestBytes(URI base, String... headers) {
        if (!"http".equals(base.getScheme())) {
            throw new IllegalArgumentException("plain http only: " + base);
        }
        StringBuilder fixed = new StringBuilder("Host: ")
                .append(base.getHost())
                .append(':')
                .append(base.getPort())
                .append("\r\n");
        for (String h : headers) {
            fixed.append(h).append("\r\n");
        }
        this.fixedHeaders = fixed.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A request's bytes: {@code body} is sent as JSON when not null; extra header lines follow the method line. */
    byte[] of(String method, String path, byte[] body, String... headers) {
        StringBuilder head =
                new StringBuilder(128).append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(body.length)
                    .append("\r\n");
        } else {
            body = new byte[0];
        }
        byte[] start = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[start.length + fixedHeaders.length + 2 + body.length];
        System.arraycopy(start, 0, out, 0, start.length);
        System.arraycopy(fixedHeaders, 0, out, start.length, fixedHeaders.length);
        out[start.length + fixedHeaders.length] = '\r';
        out[start.length + fixedHeaders.length + 1] = '\n';
        System.arraycopy(body, 0, out, start.length + fixedHeaders.length + 2, body.length);
        return out;
    }
}
