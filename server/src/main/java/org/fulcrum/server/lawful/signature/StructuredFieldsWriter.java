package org.fulcrum.server.lawful.signature;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.lawful.signature.StructuredFields.Date;
import org.fulcrum.server.lawful.signature.StructuredFields.DisplayString;
import org.fulcrum.server.lawful.signature.StructuredFields.Inner;
import org.fulcrum.server.lawful.signature.StructuredFields.Item;
import org.fulcrum.server.lawful.signature.StructuredFields.Token;

/**
 * Serialises structured field values (RFC 9651 section 4.1) in their canonical form; values the
 * grammar cannot carry (an integer of 16 digits, a string with a control character, a key in
 * capitals) are refused with {@link IllegalArgumentException}.
 */
final class StructuredFieldsWriter {
    private static final BigDecimal MAX_DECIMAL = new BigDecimal("999999999999.999");
    private static final long MAX_INTEGER = 999_999_999_999_999L;

    private StructuredFieldsWriter() {}

    /** A List: members are {@link Item} or {@link Inner}; an empty list is no field at all (empty text). */
    static String list(List<?> members) {
        StringBuilder out = new StringBuilder();
        for (Object m : members) {
            out.append(out.isEmpty() ? "" : ", ");
            member(out, m);
        }
        return out.toString();
    }

    /** A Dictionary: values are {@link Item} or {@link Inner}. */
    static String dictionary(Map<String, ?> members) {
        StringBuilder out = new StringBuilder();
        members.forEach((key, value) -> {
            out.append(out.isEmpty() ? "" : ", ").append(key(key));
            if (value instanceof Item item && Boolean.TRUE.equals(item.value())) {
                params(out, item.params());
            } else {
                out.append('=');
                member(out, value);
            }
        });
        return out.toString();
    }

    /** An Item. */
    static String item(Item item) {
        StringBuilder out = new StringBuilder();
        member(out, item);
        return out.toString();
    }

    private static void member(StringBuilder out, Object member) {
        switch (member) {
            case Item item -> {
                bare(out, item.value());
                params(out, item.params());
            }
            case Inner inner -> {
                out.append('(');
                for (int i = 0; i < inner.items().size(); i++) {
                    out.append(i == 0 ? "" : " ");
                    member(out, inner.items().get(i));
                }
                out.append(')');
                params(out, inner.params());
            }
            default -> throw new IllegalArgumentException("not an item or inner list: " + member);
        }
    }

    /** Parameters as written on the wire ({@code ;req;key="sig1"}), empty when there are none. */
    static String params(Map<String, Object> params) {
        StringBuilder out = new StringBuilder();
        params(out, params);
        return out.toString();
    }

    private static void params(StringBuilder out, Map<String, Object> params) {
        params.forEach((key, value) -> {
            out.append(';').append(key(key));
            if (!Boolean.TRUE.equals(value)) {
                out.append('=');
                bare(out, value);
            }
        });
    }

    private static String key(String key) {
        if (key.isEmpty()
                || !(key.charAt(0) >= 'a' && key.charAt(0) <= 'z' || key.charAt(0) == '*')
                || !key.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "_-.*".indexOf(c) >= 0)) {
            throw new IllegalArgumentException("not a key: " + key);
        }
        return key;
    }

    private static void bare(StringBuilder out, Object value) {
        switch (value) {
            case Long n -> out.append(integer(n));
            case Integer n -> out.append(integer(n));
            case BigDecimal d -> out.append(decimal(d));
            case String s -> string(out, s);
            case Token t -> out.append(token(t.value()));
            case byte[] b ->
                out.append(':').append(Base64.getEncoder().encodeToString(b)).append(':');
            case Boolean b -> out.append(b ? "?1" : "?0");
            case Date d -> out.append('@').append(integer(d.seconds()));
            case DisplayString d -> displayString(out, d.value());
            default -> throw new IllegalArgumentException("not a bare item: " + value);
        }
    }

    private static String integer(long n) {
        if (n > MAX_INTEGER || n < -MAX_INTEGER) {
            throw new IllegalArgumentException("integer out of range: " + n);
        }
        return Long.toString(n);
    }

    private static String decimal(BigDecimal d) {
        BigDecimal rounded = d.setScale(3, RoundingMode.HALF_EVEN);
        if (rounded.abs().compareTo(MAX_DECIMAL) > 0) {
            throw new IllegalArgumentException("decimal out of range: " + d);
        }
        String text = rounded.stripTrailingZeros().toPlainString();
        return text.contains(".") ? text : text + ".0";
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("strings hold printable ASCII only");
            }
            out.append(c == '"' || c == '\\' ? "\\" : "").append(c);
        }
        out.append('"');
    }

    private static String token(String t) {
        boolean valid = !t.isEmpty()
                && (Character.isLetter(t.charAt(0)) && t.charAt(0) < 0x80 || t.charAt(0) == '*')
                && t.chars()
                        .allMatch(
                                c -> c < 0x80 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0));
        if (!valid) {
            throw new IllegalArgumentException("not a token: " + t);
        }
        return t;
    }

    private static void displayString(StringBuilder out, String s) {
        out.append("%\"");
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '%' || c == '"' || c < 0x20 || c > 0x7e) {
                out.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                out.append((char) c);
            }
        }
        out.append('"');
    }
}
