package org.fulcrum.server.transparency;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import org.fulcrum.server.store.Database;
import org.fulcrum.tlog.checkpoint.SignedCheckpoint;

/**
 * The whole log in one file, for offline audit ({@code fulcrum verify --export FILE}). Text, one
 * record per line: a header, the origin, the verifier key, the signed checkpoint (base64), then
 * every entry up to that checkpoint (base64 leaf bytes, in index order), then a count.
 *
 * <pre>
 * fulcrum-log-export v1
 * origin &lt;origin&gt;
 * key &lt;verifier key&gt;
 * checkpoint &lt;base64 signed note&gt;
 * report &lt;base64 JSON of the published report at the checkpoint&gt;   (optional)
 * entry &lt;base64&gt;   (one per entry)
 * end &lt;count&gt;
 * </pre>
 */
public final class LogExport {
    public static final String HEADER = "fulcrum-log-export v1";
    private static final int CHUNK = 10_000;

    private LogExport() {}

    /** Streams the log up to {@code checkpoint} to {@code out}. */
    public static void write(
            Database db, SignedCheckpoint checkpoint, String verifierKey, String reportJson, OutputStream out)
            throws IOException {
        Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        Base64.Encoder b64 = Base64.getEncoder();
        w.write(HEADER + "\n");
        w.write("origin " + checkpoint.checkpoint().origin() + "\n");
        w.write("key " + verifierKey + "\n");
        w.write("checkpoint " + b64.encodeToString(checkpoint.bytes()) + "\n");
        if (reportJson != null) {
            w.write("report " + b64.encodeToString(reportJson.getBytes(StandardCharsets.UTF_8)) + "\n");
        }
        long size = checkpoint.checkpoint().size();
        for (long start = 0; start < size; start += CHUNK) {
            long from = start;
            List<byte[]> data =
                    db.read(h -> h.createQuery("SELECT data FROM log_entry WHERE idx >= :a AND idx < :b ORDER BY idx")
                            .bind("a", from)
                            .bind("b", Math.min(size, from + CHUNK))
                            .mapTo(byte[].class)
                            .list());
            for (byte[] d : data) {
                w.write("entry ");
                w.write(b64.encodeToString(d));
                w.write('\n');
            }
        }
        w.write("end " + size + "\n");
        w.flush();
    }

    /** An opened export: its header, and its entries streamed from the file. */
    public record Contents(
            String origin,
            String verifierKey,
            byte[] checkpoint,
            java.util.Optional<String> report,
            Iterator<byte[]> entries,
            java.io.Closeable file)
            implements java.io.Closeable {
        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    /** Opens an export file; entries are read as they are iterated, and a malformed line fails the iteration. */
    public static Contents open(Path file) throws IOException {
        BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            if (!HEADER.equals(r.readLine())) {
                throw new IOException(file + " is not a Fulcrum log export (no '" + HEADER + "' header)");
            }
            String origin = field(r.readLine(), "origin");
            String key = field(r.readLine(), "key");
            byte[] cp = Base64.getDecoder().decode(field(r.readLine(), "checkpoint"));
            r.mark(1 << 24);
            String next = r.readLine();
            java.util.Optional<String> report = java.util.Optional.empty();
            if (next != null && next.startsWith("report ")) {
                report = java.util.Optional.of(
                        new String(Base64.getDecoder().decode(next.substring(7)), StandardCharsets.UTF_8));
            } else {
                r.reset();
            }
            return new Contents(origin, key, cp, report, new EntryLines(r), r);
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** Iterates the entry lines, checking the final count. */
    private static final class EntryLines implements Iterator<byte[]> {
        private final BufferedReader reader;
        private final Base64.Decoder b64 = Base64.getDecoder();
        private String next;
        private long count;

        EntryLines(BufferedReader reader) {
            this.reader = reader;
            advance();
        }

        private void advance() {
            try {
                String line = reader.readLine();
                if (line == null) {
                    throw new java.io.UncheckedIOException(new IOException("export is truncated: no 'end' line"));
                }
                if (line.startsWith("end ")) {
                    long n = Long.parseLong(line.substring(4).trim());
                    if (n != count) {
                        throw new java.io.UncheckedIOException(
                                new IOException("export says " + n + " entries but holds " + count));
                    }
                    next = null;
                } else {
                    next = field(line, "entry");
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public byte[] next() {
            if (next == null) {
                throw new java.util.NoSuchElementException();
            }
            byte[] out = b64.decode(next);
            count++;
            advance();
            return out;
        }
    }

    private static String field(String line, String name) throws IOException {
        if (line == null || !line.startsWith(name + " ")) {
            throw new IOException("expected a '" + name + "' line, found "
                    + (line == null
                            ? "the end"
                            : "'" + (line.length() > 40 ? line.substring(0, 40) + "..." : line) + "'"));
        }
        return line.substring(name.length() + 1);
    }
}
