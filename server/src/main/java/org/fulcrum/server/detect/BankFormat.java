package org.fulcrum.server.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/**
 * The two bank file formats the hash-sharing programmes exchange. Hex per line: one hash per line
 * (64 digits PDQ, or SHA-256 when the import says so; 32 digits MD5). CSV: a header line naming the
 * columns, {@code hash,type,label,source} (any order; only {@code hash} is required), then one
 * hash per line, RFC 4180 quoting. Blank lines and lines starting with {@code #} are skipped, a
 * UTF-8 byte-order mark is ignored. Any bad line fails the whole import with an error naming the
 * line, so nothing is written from a file that is partly wrong.
 */
public final class BankFormat {
    public static final String CSV_HEADER = "hash,type,label,source";
    public static final int MAX_LINES = 200_000;
    public static final int MAX_LINE_LENGTH = 2_000;
    private static final List<String> COLUMNS = List.of("hash", "type", "label", "source");

    private BankFormat() {}

    /**
     * Parses a bank file; {@code bareType} is the type of bare 64-digit hashes in hex-per-line files
     * (PDQ unless given). Duplicate hashes keep their first line.
     */
    public static List<BankHash> parse(String text, Optional<HashType> bareType) {
        Map<String, BankHash> out = new LinkedHashMap<>();
        Map<String, Integer> columns = null;
        int dataLines = 0;
        String[] lines = text.split("\n", -1);
        for (int k = 0; k < lines.length; k++) {
            String line = lines[k];
            String field = "line " + (k + 1);
            if (k == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.length() > MAX_LINE_LENGTH) {
                throw new InvalidInput(field, "is longer than " + MAX_LINE_LENGTH + " characters");
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (columns == null
                    && dataLines == 0
                    && trimmed.toLowerCase(Locale.ROOT).startsWith("hash")) {
                columns = header(field, csv(field, trimmed));
                continue;
            }
            if (++dataLines > MAX_LINES) {
                throw new InvalidInput(field, "the file has more than " + MAX_LINES + " hashes; split it");
            }
            BankHash h = columns == null ? bare(field, trimmed, bareType) : row(field, csv(field, trimmed), columns);
            out.putIfAbsent(h.key(), h);
        }
        return List.copyOf(out.values());
    }

    private static Map<String, Integer> header(String field, List<String> names) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                throw new InvalidInput(
                        field, "unknown column '" + HashType.clip(name) + "'; the header is " + CSV_HEADER);
            }
            if (columns.putIfAbsent(name, i) != null) {
                throw new InvalidInput(field, "column '" + name + "' appears twice");
            }
        }
        if (!columns.containsKey("hash")) {
            throw new InvalidInput(field, "the header has no 'hash' column");
        }
        return columns;
    }

    private static BankHash bare(String field, String line, Optional<HashType> bareType) {
        if (line.indexOf(',') >= 0) {
            throw new InvalidInput(field, "has several fields but the file has no CSV header (" + CSV_HEADER + ")");
        }
        try {
            Optional<HashType> type = line.length() == 64 ? bareType.filter(t -> t != HashType.md5) : Optional.empty();
            return new BankHash(line, type, Optional.empty(), Optional.empty());
        } catch (InvalidInput e) {
            throw new InvalidInput(field, e.field() + ": " + e.getMessage());
        }
    }

    private static BankHash row(String field, List<String> values, Map<String, Integer> columns) {
        if (values.size() != columns.size()) {
            throw new InvalidInput(field, "has " + values.size() + " fields; the header has " + columns.size());
        }
        try {
            Optional<String> typeText = value(values, columns, "type");
            Optional<HashType> type = typeText.map(t -> HashType.parse("type", t));
            return new BankHash(
                    values.get(columns.get("hash")),
                    type,
                    value(values, columns, "label"),
                    value(values, columns, "source"));
        } catch (InvalidInput e) {
            throw new InvalidInput(field, e.field() + ": " + e.getMessage());
        }
    }

    private static Optional<String> value(List<String> values, Map<String, Integer> columns, String name) {
        Integer i = columns.get(name);
        return i == null ? Optional.empty() : Optional.of(values.get(i).strip()).filter(s -> !s.isEmpty());
    }

    /** Splits one CSV record (RFC 4180 quoting; a record is one line). */
    static List<String> csv(String field, String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"' && f.toString().isBlank() && !wasQuoted) {
                f.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
                wasQuoted = false;
            } else if (wasQuoted && !Character.isWhitespace(c)) {
                throw new InvalidInput(field, "has text after a closing quote");
            } else {
                f.append(c);
            }
        }
        if (quoted) {
            throw new InvalidInput(field, "has an unterminated quoted field");
        }
        out.add(f.toString());
        return out;
    }

    /** The line that opens a video in a vPDQ bank file, followed by {@code ,hash,label,source}. */
    public static final String VIDEO_HEADER = "# video";

    /**
     * Parses a vPDQ bank file: the reference's hash file of one video (a {@code frame,quality,pdq,seconds}
     * line per hashed frame), or several videos, each opened by a line
     * {@code # video,hash,label,source} (CSV; the hash may be empty, and is checked when given).
     * Other {@code #} lines and blank lines are skipped. Any bad line fails the whole file.
     */
    public static List<BankHash> parseVideos(String text) {
        Map<String, BankHash> out = new LinkedHashMap<>();
        List<String> frames = new ArrayList<>();
        String[] header = null;
        int headerLine = 0;
        int total = 0;
        String[] lines = text.split("\n", -1);
        for (int k = 0; k <= lines.length; k++) {
            String line = k < lines.length ? lines[k] : null;
            if (line != null) {
                if (k == 0 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                line = line.strip();
                if (line.length() > MAX_LINE_LENGTH) {
                    throw new InvalidInput("line " + (k + 1), "is longer than " + MAX_LINE_LENGTH + " characters");
                }
            }
            boolean opens = line != null && line.toLowerCase(Locale.ROOT).startsWith(VIDEO_HEADER);
            if (line == null || opens) {
                if (!frames.isEmpty() || header != null) {
                    BankHash h = video(headerLine, header, frames);
                    out.putIfAbsent(h.key(), h);
                    frames = new ArrayList<>();
                }
                if (opens) {
                    List<String> fields = csv("line " + (k + 1), line);
                    if (!fields.getFirst().strip().equalsIgnoreCase(VIDEO_HEADER) || fields.size() > 4) {
                        throw new InvalidInput(
                                "line " + (k + 1), "a video opens with " + VIDEO_HEADER + ",hash,label,source");
                    }
                    header = new String[] {field(fields, 1), field(fields, 2), field(fields, 3)};
                    headerLine = k + 1;
                }
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (++total > MAX_LINES) {
                throw new InvalidInput("line " + (k + 1), "the file has more than " + MAX_LINES + " frames; split it");
            }
            frames.add(line);
        }
        return List.copyOf(out.values());
    }

    private static String field(List<String> fields, int i) {
        return i < fields.size() ? fields.get(i).strip() : "";
    }

    private static BankHash video(int headerLine, String[] header, List<String> frames) {
        String where = headerLine == 0 ? "file" : "video at line " + headerLine;
        try {
            Optional<String> label =
                    header == null ? Optional.empty() : Optional.of(header[1]).filter(s -> !s.isEmpty());
            Optional<String> source =
                    header == null ? Optional.empty() : Optional.of(header[2]).filter(s -> !s.isEmpty());
            String hash = header == null || header[0].isEmpty() ? null : header[0];
            return new BankHash(hash, Optional.of(HashType.vpdq), label, source, Optional.of(List.copyOf(frames)));
        } catch (InvalidInput e) {
            throw new InvalidInput(where, e.field() + ": " + e.getMessage());
        }
    }

    /** One CSV export line (without the newline). */
    public static String csvRow(HashType type, String hash, Optional<String> label, Optional<String> source) {
        return hash + "," + type.name() + "," + quote(label.orElse("")) + "," + quote(source.orElse(""));
    }

    /** A CSV field, quoted when it must be (RFC 4180). */
    public static String quote(String v) {
        if (v.isEmpty()) {
            return v;
        }
        boolean needs = v.indexOf(',') >= 0
                || v.indexOf('"') >= 0
                || v.indexOf('\n') >= 0
                || v.indexOf('\r') >= 0
                || !v.equals(v.strip())
                || v.startsWith("#");
        return needs ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
