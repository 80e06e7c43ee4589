package org.fulcrum.bench.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An HTTP/1.1 load generator on one thread: every keep-alive connection is a non-blocking channel
 * on one selector, and requests are sent and answers read between waits on it, as {@code wrk} does.
 * On a machine where the driver and the server share the cores, a request then costs the driver a
 * write, a share of one wait and a read, instead of a thread's wake-ups on each side of the socket
 * (the blocking {@link KeepAliveClient} on virtual threads costs several times as much). The thread's
 * own CPU time is measured, so what the rest of the process used can be told apart.
 *
 * <p>Answers are parsed as far as HTTP/1.1 needs (status line, {@code Content-Length} or chunked
 * body); a status other than 200 or 202 fails the run with its body. A connection the server closes
 * is opened again and its request sent again (the load sends idempotent requests).
 */
public final class SelectorDriver implements AutoCloseable {
    private final InetSocketAddress address;
    private final RequestBytes bytes;
    private final Selector selector;
    private final List<Connection> all = new ArrayList<>();

    /** Builds request {@code n} of a run, as complete bytes ({@link #request}). */
    public interface Requests {
        byte[] request(long n);
    }

    /**
     * What one run measured.
     *
     * @param latenciesMicros each answered request's latency: from its scheduled time in an open loop,
     *     from when it was sent in a closed one
     * @param seconds from the first request to the last answer
     * @param driverCpuNanos the CPU time of the thread that ran the driver
     * @param reconnects connections the server closed, opened again
     */
    public record Run(long[] latenciesMicros, double seconds, long driverCpuNanos, long reconnects) {
        public long answered() {
            return latenciesMicros.length;
        }
    }

    /**
     * @param base the server's base URL ({@code http://127.0.0.1:PORT})
     * @param headers header lines sent with every request, e.g. {@code "Authorization: Bearer ..."}
     */
    public SelectorDriver(String base, String... headers) {
        URI uri = URI.create(base);
        this.bytes = new RequestBytes(uri, headers);
        this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request's bytes: {@code body} is sent as JSON when not null; extra header lines follow the method line. */
    public byte[] request(String method, String path, byte[] body, String... headers) {
        return bytes.of(method, path, body, headers);
    }

    /**
     * Sends {@code rate} requests a second for {@code seconds}, each at its scheduled time whatever
     * the answers: a request that finds every connection busy waits for one with its clock running,
     * so a stall counts against every request it delays. Each of the {@code connections} has one
     * request in flight at most.
     */
    public Run open(int rate, int seconds, int connections, Requests requests) throws IOException {
        long total = (long) rate * seconds;
        double interval = 1e9 / rate;
        Recorder recorder = new Recorder(total);
        ArrayDeque<Connection> idle = connect(connections);
        ArrayDeque<Long> due = new ArrayDeque<>();
        long cpu = threadCpu();
        long start = System.nanoTime();
        long next = 0;
        long limit = start + seconds * 1_000_000_000L + 120_000_000_000L;
        while (recorder.count < total) {
            long now = System.nanoTime();
            if (now > limit) {
                throw new IOException(
                        "the server answered " + recorder.count + " of " + total + " requests two minutes late");
            }
            while (next < total && start + (long) (next * interval) <= now) {
                due.add(next++);
            }
            while (!due.isEmpty() && !idle.isEmpty()) {
                long n = due.poll();
                idle.poll().send(requests.request(n), start + (long) (n * interval));
            }
            long wait = next < total ? start + (long) (next * interval) - System.nanoTime() : 10_000_000L;
            if (wait <= 0) {
                selector.selectNow();
            } else {
                // A wait is a whole millisecond at least: the requests falling due meanwhile go out
                // together as it ends, late by less than a millisecond, which their latency counts.
                // Waiting less would mean spinning, and the CPU spun is taken from the server.
                selector.select(Math.max(1, wait / 1_000_000L));
            }
            handle(recorder, idle);
        }
        return new Run(recorder.latencies(), (System.nanoTime() - start) / 1e9, threadCpu() - cpu, recorder.reconnects);
    }

    /**
     * Keeps one request in flight on each of {@code connections} for {@code seconds}: each answer is followed at
     * once by the connection's next request. The requests in flight at the end are answered and counted.
     */
    public Run closed(int seconds, int connections, Requests requests) throws IOException {
        Recorder recorder = new Recorder(1 << 16);
        ArrayDeque<Connection> idle = connect(connections);
        long cpu = threadCpu();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long limit = end + 120_000_000_000L;
        long n = 0;
        int inFlight = 0;
        while (true) {
            long now = System.nanoTime();
            if (now > limit) {
                throw new IOException("the server left " + inFlight + " requests unanswered two minutes late");
            }
            if (now < end) {
                while (!idle.isEmpty()) {
                    idle.poll().send(requests.request(n++), System.nanoTime());
                }
            }
            inFlight = connections - idle.size();
            if (inFlight == 0) {
                break;
            }
            selector.select(10);
            handle(recorder, idle);
        }
        return new Run(recorder.latencies(), (System.nanoTime() - start) / 1e9, threadCpu() - cpu, recorder.reconnects);
    }

    private static long threadCpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** The first {@code connections} connections, opened as needed; the others stay idle. */
    private ArrayDeque<Connection> connect(int connections) throws IOException {
        while (all.size() < connections) {
            all.add(new Connection());
        }
        for (Connection c : all) {
            if (c.pending != null) {
                throw new IllegalStateException("a run ended with a request in flight");
            }
        }
        return new ArrayDeque<>(all.subList(0, connections));
    }

    private void handle(Recorder recorder, ArrayDeque<Connection> idle) throws IOException {
        for (SelectionKey key : selector.selectedKeys()) {
            Connection c = (Connection) key.attachment();
            if (key.isValid() && key.isWritable()) {
                c.flush();
            }
            if (key.isValid() && key.isReadable()) {
                long latency = c.read();
                if (latency >= 0) {
                    recorder.add(latency);
                    idle.add(c);
                } else if (latency == Connection.CLOSED) {
                    recorder.reconnects++;
                    c.reopen();
                }
            }
        }
        selector.selectedKeys().clear();
    }

    @Override
    public void close() {
        for (Connection c : all) {
            c.closeQuietly();
        }
        try {
            selector.close();
        } catch (IOException e) {
            // nothing held
        }
    }

    /** Latencies in arrival order. */
    private static final class Recorder {
        long[] micros;
        int count;
        long reconnects;

        Recorder(long capacity) {
            micros = new long[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, capacity))];
        }

        void add(long latencyMicros) {
            if (count == micros.length) {
                micros = Arrays.copyOf(micros, micros.length * 2);
            }
            micros[count++] = latencyMicros;
        }

        long[] latencies() {
            return Arrays.copyOf(micros, count);
        }
    }

    /** One keep-alive connection with at most one request in flight. */
    private final class Connection {
        static final long INCOMPLETE = -1;
        static final long CLOSED = -2;

        private SocketChannel channel;
        private SelectionKey key;
        private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        private ByteBuffer out;
        /** The request in flight, kept to send again on a new connection. */
        byte[] pending;

        private long startedAt;

        Connection() throws IOException {
            open();
        }

        private void open() throws IOException {
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(address);
            channel.configureBlocking(false);
            key = channel.register(selector, SelectionKey.OP_READ, this);
            in.clear();
        }

        void send(byte[] request, long startedAtNanos) throws IOException {
            pending = request;
            startedAt = startedAtNanos;
            out = ByteBuffer.wrap(request);
            flush();
        }

        void flush() throws IOException {
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        /** The latency in microseconds once the answer is complete; {@link #INCOMPLETE} or {@link #CLOSED} before. */
        long read() throws IOException {
            int read;
            try {
                read = channel.read(in);
            } catch (IOException e) {
                read = -1;
            }
            if (read < 0) {
                if (pending == null) {
                    reopen();
                    return INCOMPLETE;
                }
                return CLOSED;
            }
            int length = answerLength();
            if (length < 0) {
                if (!in.hasRemaining()) {
                    throw new IOException("an answer over " + in.capacity() + " bytes");
                }
                return INCOMPLETE;
            }
            int status = status();
            if (status != 200 && status != 202) {
                throw new IOException("the server answered " + status + ": "
                        + new String(in.array(), 0, length, StandardCharsets.UTF_8));
            }
            boolean close = header("connection").equalsIgnoreCase("close");
            long latency = (System.nanoTime() - startedAt) / 1_000;
            pending = null;
            in.clear();
            if (close) {
                reopen();
            }
            return latency;
        }

        /** Closes and opens the channel, sending the request in flight again. */
        void reopen() throws IOException {
            closeQuietly();
            open();
            if (pending != null) {
                send(pending, startedAt);
            }
        }

        private int status() {
            byte[] b = in.array();
            return (b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0');
        }

        /** The whole answer's length once its last byte has arrived, otherwise -1. */
        private int answerLength() throws IOException {
            byte[] b = in.array();
            int end = in.position();
            int headEnd = -1;
            for (int i = 3; i < end; i++) {
                if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                    headEnd = i + 1;
                    break;
                }
            }
            if (headEnd < 0) {
                return -1;
            }
            if (end < 12 || b[0] != 'H' || b[5] != '1' || b[8] != ' ') {
                throw new IOException("not an HTTP/1.x status line: "
                        + new String(b, 0, Math.min(end, 40), StandardCharsets.US_ASCII));
            }
            String length = header("content-length");
            if (!length.isEmpty()) {
                int total = headEnd + Integer.parseInt(length);
                return end >= total ? total : -1;
            }
            if (header("transfer-encoding").toLowerCase().contains("chunked")) {
                return chunkedEnd(b, headEnd, end);
            }
            throw new IOException("an answer with neither Content-Length nor chunked encoding");
        }

        /** Where a chunked body starting at {@code from} ends, or -1 when it has not all arrived. */
        private static int chunkedEnd(byte[] b, int from, int end) {
            int i = from;
            while (true) {
                int lineEnd = lineEnd(b, i, end);
                if (lineEnd < 0) {
                    return -1;
                }
                String size = new String(b, i, lineEnd - i, StandardCharsets.US_ASCII);
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                i = lineEnd + 2;
                if (n == 0) {
                    // trailer fields, then an empty line
                    while (true) {
                        int trailer = lineEnd(b, i, end);
                        if (trailer < 0) {
                            return -1;
                        }
                        boolean empty = trailer == i;
                        i = trailer + 2;
                        if (empty) {
                            return i;
                        }
                    }
                }
                i += n + 2;
                if (i > end) {
                    return -1;
                }
            }
        }

        /** The index of the CR of the CRLF ending the line at {@code from}, or -1. */
        private static int lineEnd(byte[] b, int from, int end) {
            for (int i = from; i + 1 < end; i++) {
                if (b[i] == '\r' && b[i + 1] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        /** The value of the header {@code lowerName} in the answer's head, or an empty string. */
        private String header(String lowerName) {
            byte[] b = in.array();
            int end = in.position();
            int i = 0;
            while (i < end) {
                int lineEnd = lineEnd(b, i, end);
                if (lineEnd < 0 || lineEnd == i) {
                    return "";
                }
                if (lineEnd - i > lowerName.length() && b[i + lowerName.length()] == ':' && named(b, i, lowerName)) {
                    return new String(
                                    b,
                                    i + lowerName.length() + 1,
                                    lineEnd - i - lowerName.length() - 1,
                                    StandardCharsets.US_ASCII)
                            .trim();
                }
                i = lineEnd + 2;
            }
            return "";
        }

        private static boolean named(byte[] b, int at, String lowerName) {
            for (int k = 0; k < lowerName.length(); k++) {
                if (Character.toLowerCase((char) b[at + k]) != lowerName.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        void closeQuietly() {
            try {
                key.cancel();
                channel.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
