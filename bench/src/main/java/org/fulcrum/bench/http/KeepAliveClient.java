package org.fulcrum.bench.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * An HTTP/1.1 client for load drivers on loopback: a bounded pool of keep-alive connections, each
 * request written as one prepared block of bytes and each answer read with just the parsing HTTP/1.1
 * needs (status line, {@code Content-Length} or chunked body, {@code Connection: close}). The JDK's
 * {@code HttpClient} spends several times the CPU per request on its asynchronous pipeline; on a
 * machine where the driver and the server share the cores, that CPU is taken from the server being
 * measured. Blocking sockets on virtual threads, as the server's own request threads are.
 */
public final class KeepAliveClient implements AutoCloseable {
    private final String host;
    private final int port;
    private final RequestBytes requests;
    private final Semaphore open;
    private final LinkedBlockingQueue<Connection> idle = new LinkedBlockingQueue<>();

    /** The status and body of one answer. */
    public record Answer(int status, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * @param base the server's base URL ({@code http://127.0.0.1:PORT})
     * @param headers header lines sent with every request, e.g. {@code "Authorization: Bearer ..."}
     * @param connections at most this many connections are open; a request waits for a free one
     */
    public KeepAliveClient(String base, int connections, String... headers) {
        URI uri = URI.create(base);
        this.requests = new RequestBytes(uri, headers);
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.open = new Semaphore(connections);
    }

    /**
     * Posts {@code body} as JSON to {@code path} with the extra header lines given, and returns the
     * answer. A kept-alive connection the server has closed meanwhile is replaced and the request
     * sent once more on a new one (the load drivers send idempotent requests).
     */
    public Answer post(String path, byte[] body, String... headers) throws IOException, InterruptedException {
        return send(requests.of("POST", path, body, headers));
    }

    /** Gets {@code path}, as {@link #post} does (a reused connection the server closed is replaced once). */
    public Answer get(String path, String... headers) throws IOException, InterruptedException {
        return send(requests.of("GET", path, null, headers));
    }

    private Answer send(byte[] request) throws IOException, InterruptedException {
        Connection c = take();
        boolean reused = c.used;
        try {
            Answer a = c.exchange(request);
            give(c);
            return a;
        } catch (IOException e) {
            discard(c);
            if (!reused) {
                throw e;
            }
            Connection fresh = take();
            try {
                Answer a = fresh.exchange(request);
                give(fresh);
                return a;
            } catch (IOException again) {
                discard(fresh);
                throw again;
            }
        }
    }

    private Connection take() throws IOException, InterruptedException {
        while (true) {
            Connection c = idle.poll();
            if (c != null) {
                return c;
            }
            if (open.tryAcquire()) {
                try {
                    return new Connection(host, port);
                } catch (IOException e) {
                    open.release();
                    throw e;
                }
            }
            // A discarded connection frees a place without passing through the queue: look again.
            c = idle.poll(10, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (c != null) {
                return c;
            }
        }
    }

    private void give(Connection c) {
        if (c.closeAfter) {
            discard(c);
        } else {
            idle.add(c);
        }
    }

    private void discard(Connection c) {
        c.close();
        open.release();
    }

    @Override
    public void close() {
        Connection c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
    }

    /** One keep-alive connection. Used by one request at a time. */
    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final StringBuilder line = new StringBuilder(128);
        boolean used;
        boolean closeAfter;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setSoTimeout(120_000);
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }

        Answer exchange(byte[] request) throws IOException {
            used = true;
            out.write(request);
            out.flush();
            String status = readLine();
            if (!status.startsWith("HTTP/1.") || status.length() < 12) {
                throw new IOException("not an HTTP/1.x status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            closeAfter = status.startsWith("HTTP/1.0");
            for (String h = readLine(); !h.isEmpty(); h = readLine()) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase().contains("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    closeAfter = value.equalsIgnoreCase("close");
                }
            }
            byte[] body;
            if (chunked) {
                body = chunks();
            } else if (length >= 0) {
                body = in.readNBytes((int) length);
                if (body.length < length) {
                    throw new EOFException("answer ended after " + body.length + " of " + length + " bytes");
                }
            } else {
                body = in.readAllBytes();
                closeAfter = true;
            }
            return new Answer(code, body);
        }

        private byte[] chunks() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = readLine();
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (n == 0) {
                    while (!readLine().isEmpty()) {
                        // trailer fields, not used
                    }
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(n);
                if (chunk.length < n) {
                    throw new EOFException("chunk ended early");
                }
                body.write(chunk);
                readLine();
            }
        }

        /** One line without its CRLF; header lines are ASCII. */
        private String readLine() throws IOException {
            line.setLength(0);
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new EOFException("connection closed by the server");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection the server may already have closed
            }
        }
    }
}
