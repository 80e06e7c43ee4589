package org.fulcrum.server.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.detect.BankHash;
import org.fulcrum.server.detect.HashType;

/**
 * One verified batch of a followed feed, read strictly from its signed payload: it must be the batch
 * asked for (its cursor), of the pinned bank, in the feed's format, with its entries in order.
 *
 * @param next the cursor past the batch
 * @param more whether the feed holds entries past it
 * @param changes the batch's entries, in feed order
 */
record FeedBatch(long next, boolean more, List<Change> changes) {

    /** One entry: a hash added to or removed from the publisher's bank. */
    record Change(String op, BankHash hash) {
        boolean added() {
            return op.equals("add");
        }
    }

    /** Reads a batch's payload; anything but the batch asked for is refused. */
    static FeedBatch parse(byte[] payload, String remoteBank, long cursor, Json json)
            throws FeedSignature.BatchRefused {
        JsonNode n;
        try {
            n = json.mapper().readTree(payload);
        } catch (IOException e) {
            throw new FeedSignature.BatchRefused("the signed payload is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new FeedSignature.BatchRefused("the signed payload is not a JSON object");
        }
        if (!Publications.FORMAT.equals(n.path("format").asText())) {
            throw new FeedSignature.BatchRefused("the batch's format is not " + Publications.FORMAT);
        }
        if (!remoteBank.equals(n.path("bank").asText())) {
            throw new FeedSignature.BatchRefused(
                    "the batch is of bank '" + clip(n.path("bank").asText()) + "', not of '" + remoteBank + "'");
        }
        if (!n.path("cursor").canConvertToLong() || n.path("cursor").asLong() != cursor) {
            throw new FeedSignature.BatchRefused("the batch does not start at cursor " + cursor);
        }
        if (!n.path("next").canConvertToLong()
                || !n.path("more").isBoolean()
                || !n.path("entries").isArray()) {
            throw new FeedSignature.BatchRefused("the batch lacks next, more or entries");
        }
        long next = n.path("next").asLong();
        JsonNode entries = n.path("entries");
        if (entries.size() > Publications.MAX_LIMIT * 10) {
            throw new FeedSignature.BatchRefused("the batch holds too many entries");
        }
        List<Change> changes = new ArrayList<>();
        long last = cursor;
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            long seq = e.path("seq").asLong(-1);
            if (seq <= last || seq > next) {
                throw new FeedSignature.BatchRefused("entry " + i + " is out of order (seq " + seq + ")");
            }
            last = seq;
            changes.add(change(e, i));
        }
        if (entries.isEmpty() && next != cursor) {
            throw new FeedSignature.BatchRefused("an empty batch moves the cursor");
        }
        return new FeedBatch(next, n.path("more").asBoolean(), changes);
    }

    private static Change change(JsonNode e, int i) throws FeedSignature.BatchRefused {
        String op = e.path("op").asText();
        if (!op.equals("add") && !op.equals("remove")) {
            throw new FeedSignature.BatchRefused("entry " + i + " has op '" + clip(op) + "'");
        }
        try {
            HashType type = HashType.parse("type", e.path("type").asText(null));
            Optional<List<String>> frames = Optional.empty();
            if (e.path("frames").isArray() && op.equals("add")) {
                List<String> lines = new ArrayList<>();
                e.path("frames").forEach(f -> lines.add(f.asText()));
                frames = Optional.of(lines);
            }
            BankHash h = new BankHash(
                    type == HashType.vpdq && frames.isPresent()
                            ? null
                            : e.path("hash").asText(null),
                    Optional.of(type),
                    text(e, "label"),
                    text(e, "source"),
                    frames);
            if (type == HashType.vpdq
                    && frames.isPresent()
                    && !h.hash().equals(e.path("hash").asText())) {
                throw new FeedSignature.BatchRefused("entry " + i + ": the video's hash is not that of its frames");
            }
            return new Change(op, h);
        } catch (InvalidInput bad) {
            throw new FeedSignature.BatchRefused("entry " + i + ": " + bad.field() + " " + bad.getMessage());
        }
    }

    private static Optional<String> text(JsonNode e, String field) {
        JsonNode v = e.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            return Optional.empty();
        }
        String s = v.asText().replace('\n', ' ').replace('\r', ' ').strip();
        return Optional.of(s.length() > 200 ? s.substring(0, 200) : s);
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
