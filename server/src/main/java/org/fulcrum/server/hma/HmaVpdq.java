package org.fulcrum.server.hma;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.fulcrum.pdq.PdqHash;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Json;
import org.fulcrum.vpdq.VpdqFeature;

/**
 * HMA's form of a vPDQ signal: a JSON array of strings {@code "pdqhex,quality,timestamp"}, one per
 * hashed frame in order, the timestamp printed as Python's {@code format(t, ".3")} prints it (three
 * significant digits, in scientific notation from 100: {@code "0.0"}, {@code "12.5"}, {@code "1e+02"}). HMA's form has no frame
 * numbers; read into Fulcrum's frames, a frame's number is its position in the array.
 */
final class HmaVpdq {
    /** Longest signal accepted: a day at one frame a second, at about 80 characters a frame. */
    static final int MAX_CHARS = 86_400 * 80;

    private HmaVpdq() {}

    /** The frames of an HMA vPDQ signal, read with {@code json}, or a 400 naming {@code field}. */
    static List<VpdqFeature> parse(String field, String signal, Json json) {
        if (signal == null || signal.isBlank()) {
            throw new InvalidInput(field, "is required: a vpdq signal is a JSON array of \"pdq,quality,timestamp\"");
        }
        if (signal.length() > MAX_CHARS) {
            throw new InvalidInput(field, "is longer than " + MAX_CHARS + " characters");
        }
        JsonNode array;
        try {
            array = json.tree(signal);
        } catch (JsonProcessingException e) {
            throw new InvalidInput(field, "Invalid vpdq signal: not JSON");
        }
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new InvalidInput(field, "Invalid vpdq signal: a non-empty JSON array of \"pdq,quality,timestamp\"");
        }
        if (array.size() > org.fulcrum.server.detect.BankHash.MAX_FRAMES) {
            throw new InvalidInput(
                    field,
                    "Invalid vpdq signal: more than " + org.fulcrum.server.detect.BankHash.MAX_FRAMES + " frames");
        }
        List<VpdqFeature> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            String[] parts = item.isTextual() ? item.asText().split(",", -1) : new String[0];
            if (parts.length != 3 || !parts[0].matches("[0-9a-fA-F]{64}")) {
                throw new InvalidInput(field + "[" + i + "]", "Invalid vpdq frame: expected \"pdq,quality,timestamp\"");
            }
            try {
                int quality = Integer.parseInt(parts[1].strip());
                double seconds = Double.parseDouble(parts[2].strip());
                out.add(new VpdqFeature(i, quality, PdqHash.fromHex(parts[0].toLowerCase()), seconds));
            } catch (IllegalArgumentException e) {
                throw new InvalidInput(
                        field + "[" + i + "]", "Invalid vpdq frame: quality 0-100 and a timestamp of 0 or more");
            }
        }
        return out;
    }

    /** The frames in HMA's form, written with {@code json}. */
    static String format(List<VpdqFeature> frames, Json json) {
        List<String> items = new ArrayList<>(frames.size());
        for (VpdqFeature f : frames) {
            items.add(f.hash().toHex() + "," + f.quality() + "," + python3(f.timestamp()));
        }
        try {
            return json.mapper().writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
    }

    /** Python's {@code format(x, ".3")} of a finite non-negative double. */
    static String python3(double x) {
        if (x == 0) {
            return "0.0";
        }
        // Python rounds the exact binary value, half to even, to three significant digits.
        BigDecimal rounded = new BigDecimal(x).round(new MathContext(3, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 2) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String m = mantissa.scale() <= 0 ? mantissa.toBigInteger().toString() : mantissa.toPlainString();
            return m + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        String plain = rounded.stripTrailingZeros().toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
