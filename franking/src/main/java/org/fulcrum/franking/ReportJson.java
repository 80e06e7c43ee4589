package org.fulcrum.franking;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes and strictly reads the JSON form of a {@link FrankingReport}; the schema is in package-info. */
final class ReportJson {

    static final List<String> FIELDS_V1 = List.of(
            "version",
            "message",
            "franking_key",
            "commitment",
            "sender_id",
            "conversation_id",
            "timestamp_ms",
            "relay_key_id",
            "stamp");
    static final List<String> FIELDS_V2 = List.of(
            "version",
            "message",
            "franking_key",
            "commitment",
            "sender_id",
            "conversation_id",
            "recipient_id",
            "timestamp_ms",
            "relay_key_id",
            "stamp");

    // Room for every field but the message, with generous whitespace; bounds work before parsing.
    private static final int ENVELOPE_CHARS = 4096;
    private static final int MAX_NAME_SHOWN = 40;

    private ReportJson() {}

    static String write(FrankingReport report) {
        return "{\"version\":" + report.version()
                + ",\"message\":\"" + Base64Url.encode(report.message())
                + "\",\"franking_key\":\""
                + Base64Url.encode(report.frankingKey().bytes())
                + "\",\"commitment\":\"" + Base64Url.encode(report.commitment().bytes())
                + "\",\"sender_id\":\"" + escape(report.sender().value())
                + "\",\"conversation_id\":\"" + escape(report.conversation().value())
                + report.recipient()
                        .map(r -> "\",\"recipient_id\":\"" + escape(r.value()))
                        .orElse("")
                + "\",\"timestamp_ms\":" + report.timestamp().toEpochMilli()
                + ",\"relay_key_id\":\"" + escape(report.relayKeyId().value())
                + "\",\"stamp\":\"" + Base64Url.encode(report.stamp().signature())
                + "\"}";
    }

    static ParsedReport read(String json, int maxMessageBytes) {
        if (json.length() > Base64Url.encodedLength(maxMessageBytes) + ENVELOPE_CHARS) {
            return new ParsedReport.Malformed(
                    "json", "larger than a report with a " + maxMessageBytes + "-byte message can be");
        }
        Map<String, FlatJson.Value> fields;
        try {
            fields = FlatJson.parse(json);
        } catch (FlatJson.SyntaxError e) {
            return new ParsedReport.Malformed("json", e.getMessage());
        }
        try {
            long version = integer(fields, "version");
            if (version != 1 && version != 2) {
                throw new BadField("version", "unsupported version, expected 1 or 2");
            }
            List<String> known = version == 1 ? FIELDS_V1 : FIELDS_V2;
            for (String name : fields.keySet()) {
                if (!known.contains(name)) {
                    throw new BadField(shown(name), "unknown field in version " + version);
                }
            }
            Optional<RecipientId> recipient = version == 1
                    ? Optional.empty()
                    : Optional.of(new RecipientId(id(fields, "recipient_id", RecipientId.MAX_LENGTH)));
            Stamp stamp = new Stamp(
                    new RelayKeyId(id(fields, "relay_key_id", RelayKeyId.MAX_LENGTH)),
                    timestamp(fields),
                    bytes(fields, "stamp", Stamp.SIGNATURE_LENGTH, Stamp.SIGNATURE_LENGTH),
                    recipient);
            return new ParsedReport.Ok(new FrankingReport(
                    bytes(fields, "message", 0, maxMessageBytes),
                    new FrankingKey(bytes(fields, "franking_key", FrankingKey.LENGTH, FrankingKey.LENGTH)),
                    new Commitment(bytes(fields, "commitment", Commitment.LENGTH, Commitment.LENGTH)),
                    new SenderId(id(fields, "sender_id", SenderId.MAX_LENGTH)),
                    new ConversationId(id(fields, "conversation_id", ConversationId.MAX_LENGTH)),
                    stamp));
        } catch (BadField e) {
            return new ParsedReport.Malformed(e.field, e.problem);
        }
    }

    private static Instant timestamp(Map<String, FlatJson.Value> fields) throws BadField {
        long millis = integer(fields, "timestamp_ms");
        if (millis < 0 || millis > Stamp.MAX_TIMESTAMP.toEpochMilli()) {
            throw new BadField("timestamp_ms", "must be between 0 and " + Stamp.MAX_TIMESTAMP.toEpochMilli());
        }
        return Instant.ofEpochMilli(millis);
    }

    private static byte[] bytes(Map<String, FlatJson.Value> fields, String name, int min, int max) throws BadField {
        String encoded = text(fields, name);
        if (encoded.length() > Base64Url.encodedLength(max)) {
            throw new BadField(name, "longer than " + max + " bytes");
        }
        byte[] bytes =
                Base64Url.decode(encoded).orElseThrow(() -> new BadField(name, "not canonical unpadded base64url"));
        if (bytes.length < min || bytes.length > max) {
            throw new BadField(
                    name, min == max ? "must be " + max + " bytes" : "must be " + min + " to " + max + " bytes");
        }
        return bytes;
    }

    private static String id(Map<String, FlatJson.Value> fields, String name, int maxLength) throws BadField {
        String value = text(fields, name);
        var problem = Ids.problem(value, maxLength);
        if (problem.isPresent()) {
            throw new BadField(name, problem.get());
        }
        return value;
    }

    private static String text(Map<String, FlatJson.Value> fields, String name) throws BadField {
        return switch (present(fields, name)) {
            case FlatJson.Text t -> t.value();
            case FlatJson.Int i -> throw new BadField(name, "must be a string");
        };
    }

    private static long integer(Map<String, FlatJson.Value> fields, String name) throws BadField {
        return switch (present(fields, name)) {
            case FlatJson.Int i -> i.value();
            case FlatJson.Text t -> throw new BadField(name, "must be an integer");
        };
    }

    private static FlatJson.Value present(Map<String, FlatJson.Value> fields, String name) throws BadField {
        FlatJson.Value value = fields.get(name);
        if (value == null) {
            throw new BadField(name, "missing");
        }
        return value;
    }

    private static String escape(String id) {
        // Ids are visible ASCII, so quote and backslash are the only characters JSON needs escaped.
        return id.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String shown(String name) {
        String printable = name.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f) ? name : "(non-ASCII name)";
        return printable.length() > MAX_NAME_SHOWN ? printable.substring(0, MAX_NAME_SHOWN) + "..." : printable;
    }

    private static final class BadField extends Exception {
        final String field;
        final String problem;

        BadField(String field, String problem) {
            super(field + ": " + problem, null, false, false);
            this.field = field;
            this.problem = problem;
        }
    }
}
