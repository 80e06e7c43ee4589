package org.fulcrum.pdq;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A hash bank as the hash-sharing programmes exchange it: either one 64-hex-digit hash per line,
 * or CSV with the hash in the first column and metadata in the others (RFC 4180 quoting). Blank
 * lines and lines starting with {@code #} are skipped; the first data line may be a CSV header
 * (recognised by its first field not being a hash). Any other line without a valid hash is a
 * {@link MalformedHash} naming the line.
 *
 * @param header  the CSV header's column names, or empty
 * @param entries the hashes in file order
 */
public record BankFile(List<String> header, List<BankEntry> entries) {
    public BankFile {
        header = List.copyOf(header);
        entries = List.copyOf(entries);
    }

    /** Reads a bank file (UTF-8). */
    public static BankFile read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new UnreadableInput("no such file: " + file, e);
        } catch (IOException | UncheckedIOException e) {
            throw new UnreadableInput("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a bank from text; {@code source} names it in error messages. */
    public static BankFile parse(Reader text, String source) throws IOException {
        BufferedReader in = text instanceof BufferedReader b ? b : new BufferedReader(text);
        List<String> header = List.of();
        List<BankEntry> entries = new ArrayList<>();
        boolean first = true;
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<String> fields = trimmed.indexOf(',') < 0 && trimmed.indexOf('"') < 0
                    ? List.of(trimmed)
                    : Csv.fields(trimmed, source, number);
            String hex = fields.get(0).strip();
            if (first && !looksLikeHash(hex) && fields.size() > 1) {
                header = fields;
                first = false;
                continue;
            }
            first = false;
            PdqHash hash;
            try {
                hash = PdqHash.fromHex(hex);
            } catch (MalformedHash e) {
                throw new MalformedHash(source + " line " + number + ": " + e.getMessage());
            }
            entries.add(new BankEntry(number, hash, fields.subList(1, fields.size())));
        }
        return new BankFile(header, entries);
    }

    private static boolean looksLikeHash(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The hashes in a new index, each under its position in {@link #entries()} as id. */
    public MultiIndexHashIndex index() {
        MultiIndexHashIndex index =
                new MultiIndexHashIndex(MultiIndexHashIndex.slotsFor(entries.size()), entries.size());
        for (int i = 0; i < entries.size(); i++) {
            index.add(i, entries.get(i).hash());
        }
        return index;
    }

    /** Splits one CSV record (RFC 4180: quoted fields, doubled quotes inside them). */
    static final class Csv {
        private Csv() {}

        static List<String> fields(String line, String source, int number) {
            List<String> out = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"' && field.toString().isBlank()) {
                    field.setLength(0);
                    quoted = true;
                } else if (c == ',') {
                    out.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            if (quoted) {
                throw new MalformedHash(source + " line " + number + ": unterminated quoted field");
            }
            out.add(field.toString());
            return out;
        }
    }
}
