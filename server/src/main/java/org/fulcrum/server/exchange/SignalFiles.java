package org.fulcrum.server.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.detect.BankHash;
import org.fulcrum.server.detect.HashType;

/**
 * Reads the signal files of ThreatExchange and Hasher-Matcher-Actioner into bank hashes: PDQ and
 * MD5 signals with their tags (the tags become the label, the descriptor id the source). Three
 * forms:
 *
 * <ul>
 *   <li>text, the local file exchange of python-threatexchange: one {@code <signal_type> <signal>}
 *       per line, or the bare signal when the file's type is given ({@code signal_type});
 *   <li>CSV with a header naming the columns: the type ({@code signal_type}, {@code indicator_type}
 *       or {@code type}), the signal ({@code signal}, {@code indicator}, {@code raw_indicator} or
 *       {@code hash}), and optionally {@code tags} (separated by spaces, commas or semicolons) and
 *       {@code id};
 *   <li>JSON: a list, or an object with a {@code data} list as the ThreatExchange Graph API
 *       answers, of objects with the same fields ThreatExchange descriptors carry ({@code type},
 *       {@code raw_indicator}, {@code tags} as strings or {@code {"text": ...}} objects, {@code id}),
 *       HMA's names ({@code signal_type}, {@code signal}) or te-tag-query's ({@code td_indicator_type},
 *       {@code td_raw_indicator}, {@code td_tags}).
 * </ul>
 *
 * Signal types: {@code pdq}, {@code HASH_PDQ}, {@code photo_pdq} are PDQ; {@code video_md5},
 * {@code md5}, {@code photo_md5}, {@code HASH_MD5} are MD5. Other types the programmes share (URLs,
 * text, TMK and the like) are counted as skipped; anything else is refused, naming the line.
 */
public final class SignalFiles {
    /** Most signals one file may hold. */
    public static final int MAX_SIGNALS = 100_000;

    private static final Map<String, HashType> TYPES = Map.of(
            "pdq", HashType.pdq,
            "hash_pdq", HashType.pdq,
            "photo_pdq", HashType.pdq,
            "video_md5", HashType.md5,
            "md5", HashType.md5,
            "photo_md5", HashType.md5,
            "hash_md5", HashType.md5);
    private static final Set<String> OTHER_TYPES = Set.of(
            "url",
            "uri",
            "raw_text",
            "trend_query",
            "pdq_ocr",
            "tmk",
            "hash_tmk",
            "video_tmk_pdqf",
            "vpdq",
            "hash_vpdq",
            "hash_sha1",
            "hash_sha256",
            "hash_imphash",
            "domain",
            "ip_address",
            "url_md5");

    private SignalFiles() {}

    /**
     * What a file held.
     *
     * @param hashes the PDQ and MD5 signals, as bank hashes
     * @param skipped signals of other types
     */
    public record SignalFile(List<BankHash> hashes, int skipped) {}

    /** Reads a file by its form ({@code text}, {@code csv} or {@code json}, read with {@code json}). */
    public static SignalFile parse(String form, String text, Optional<String> fileType, Json json) {
        return switch (form) {
            case "text" -> text(text, fileType);
            case "csv" -> csv(text);
            case "json" -> json(text, json);
            default -> throw new InvalidInput("format", "must be text, csv or json");
        };
    }

    static SignalFile text(String text, Optional<String> fileType) {
        SignalAccumulator acc = new SignalAccumulator();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String type;
            String signal;
            if (fileType.isPresent()) {
                type = fileType.get();
                signal = line;
            } else {
                int sp = line.indexOf(' ');
                if (sp < 0) {
                    throw new InvalidInput("line " + (i + 1), "must be '<signal_type> <signal>'");
                }
                type = line.substring(0, sp);
                signal = line.substring(sp + 1).strip();
            }
            acc.add("line " + (i + 1), type, signal, List.of(), Optional.empty());
        }
        return acc.done();
    }

    static SignalFile csv(String text) {
        SignalAccumulator acc = new SignalAccumulator();
        String[] lines = text.split("\r?\n", -1);
        int headerAt = -1;
        List<String> header = List.of();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                headerAt = i;
                header = fields("line " + (i + 1), lines[i]).stream()
                        .map(h -> h.strip().toLowerCase(Locale.ROOT))
                        .toList();
                break;
            }
        }
        if (headerAt < 0) {
            throw new InvalidInput("body", "holds no header line");
        }
        int type = column(header, "signal_type", "indicator_type", "type");
        int signal = column(header, "signal", "indicator", "raw_indicator", "hash");
        int tags = column(header, "tags", "labels");
        int id = column(header, "id");
        if (type < 0 || signal < 0) {
            throw new InvalidInput("line " + (headerAt + 1), "the header must name a signal_type and a signal column");
        }
        for (int i = headerAt + 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String where = "line " + (i + 1);
            List<String> f = fields(where, lines[i]);
            acc.add(
                    where,
                    at(f, type),
                    at(f, signal),
                    tags < 0 ? List.of() : splitTags(at(f, tags)),
                    id < 0 ? Optional.empty() : Optional.of(at(f, id)).filter(s -> !s.isBlank()));
        }
        return acc.done();
    }

    static SignalFile json(String text, Json json) {
        JsonNode root;
        try {
            root = json.tree(text);
        } catch (IOException e) {
            throw new InvalidInput(
                    "body",
                    "is not JSON: "
                            + Optional.ofNullable(e.getMessage())
                                    .orElse("")
                                    .lines()
                                    .findFirst()
                                    .orElse(""));
        }
        JsonNode list = root != null && root.isObject() ? root.get("data") : root;
        if (list == null || !list.isArray()) {
            throw new InvalidInput("body", "must be a list of signals, or an object with a data list");
        }
        SignalAccumulator acc = new SignalAccumulator();
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            String where = "data[" + i + "]";
            if (!n.isObject()) {
                throw new InvalidInput(where, "must be an object");
            }
            String type = first(n, "signal_type", "type", "indicator_type", "td_indicator_type");
            String signal = first(n, "signal", "raw_indicator", "indicator", "td_raw_indicator", "hash");
            if (type == null || signal == null) {
                throw new InvalidInput(where, "names no signal type and signal");
            }
            List<String> tags = new ArrayList<>();
            for (String field : List.of("tags", "td_tags")) {
                JsonNode t = n.get(field);
                if (t != null && t.isObject() && t.get("data") != null) {
                    t = t.get("data");
                }
                if (t != null && t.isArray()) {
                    t.forEach(tag -> {
                        if (tag.isTextual()) {
                            tags.add(tag.asText());
                        } else if (tag.isObject() && tag.path("text").isTextual()) {
                            tags.add(tag.path("text").asText());
                        }
                    });
                } else if (t != null && t.isTextual()) {
                    tags.addAll(splitTags(t.asText()));
                }
            }
            JsonNode idNode = n.get("id");
            Optional<String> id =
                    idNode != null && idNode.isValueNode() ? Optional.of(idNode.asText()) : Optional.empty();
            acc.add(where, type, signal, tags, id.filter(s -> !s.isBlank()));
        }
        return acc.done();
    }

    private static final class SignalAccumulator {
        private final List<BankHash> hashes = new ArrayList<>();
        private int skipped;

        void add(String where, String type, String signal, List<String> tags, Optional<String> id) {
            String t = type.strip().toLowerCase(Locale.ROOT);
            HashType hashType = TYPES.get(t);
            if (hashType == null) {
                if (OTHER_TYPES.contains(t)) {
                    skipped++;
                    return;
                }
                throw new InvalidInput(
                        where,
                        "signal type '" + clip(type) + "' is not one of pdq, video_md5, md5, HASH_PDQ, HASH_MD5");
            }
            if (hashes.size() >= MAX_SIGNALS) {
                throw new InvalidInput("body", "holds more than " + MAX_SIGNALS + " signals");
            }
            Set<String> unique = new LinkedHashSet<>();
            tags.stream().map(String::strip).filter(s -> !s.isEmpty()).forEach(unique::add);
            String label = String.join(" ", unique).replace('\n', ' ').replace('\r', ' ');
            if (label.length() > 200) {
                label = label.substring(0, 200);
            }
            String source = id.map(s -> "threatexchange:" + s).orElse("signal file");
            if (source.length() > 200) {
                source = source.substring(0, 200);
            }
            try {
                hashes.add(new BankHash(
                        signal,
                        Optional.of(hashType),
                        Optional.of(label).filter(s -> !s.isBlank()),
                        Optional.of(source)));
            } catch (InvalidInput e) {
                throw new InvalidInput(where, e.getMessage());
            }
        }

        SignalFile done() {
            if (hashes.isEmpty() && skipped == 0) {
                throw new InvalidInput("body", "holds no signals");
            }
            return new SignalFile(List.copyOf(hashes), skipped);
        }
    }

    private static int column(List<String> header, String... names) {
        for (String n : names) {
            int i = header.indexOf(n);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String at(List<String> fields, int i) {
        return i < fields.size() ? fields.get(i) : "";
    }

    private static String first(JsonNode n, String... fields) {
        for (String f : fields) {
            JsonNode v = n.get(f);
            if (v != null && v.isTextual()) {
                return v.asText();
            }
        }
        return null;
    }

    private static List<String> splitTags(String s) {
        return List.of(s.split("[\\s,;]+")).stream().filter(t -> !t.isBlank()).toList();
    }

    /** The fields of one CSV line (RFC 4180 quoting; a record is one line). */
    static List<String> fields(String where, String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new InvalidInput(where, "has an unclosed quote");
        }
        out.add(cur.toString());
        return out;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
