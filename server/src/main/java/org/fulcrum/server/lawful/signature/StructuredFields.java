package org.fulcrum.server.lawful.signature;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structured Field Values (RFC 9651, which extends RFC 8941 by dates and display strings): the
 * parsing algorithms of its section 4.2 for lists, dictionaries and items, checked against the
 * HTTP working group's test suite. Bare items are Java values: {@link Long} integers,
 * {@link BigDecimal} decimals, {@link String} strings, {@link Token}, {@code byte[]}, {@link Boolean},
 * {@link Date} and {@link DisplayString}; serialisation is {@link StructuredFieldsWriter}.
 *
 * <p>{@link #dictionary} is what signatures and digests read: a strict profile in which members are
 * byte sequences or inner lists of plain strings, keys and parameters appear once, and each
 * member keeps its raw text, which RFC 9421 signs as {@code @signature-params}.
 */
final class StructuredFields {
    private StructuredFields() {}

    /** A token (RFC 9651 3.3.4). */
    record Token(String value) {}

    /** A date, in seconds since the epoch (RFC 9651 3.3.7). */
    record Date(long seconds) {}

    /** A display string: Unicode text (RFC 9651 3.3.8). */
    record DisplayString(String value) {}

    /** A bare item with its parameters. */
    record Item(Object value, Map<String, Object> params) {}

    /** An inner list of items, with its parameters. */
    record Inner(List<Item> items, Map<String, Object> params) {}

    /** A dictionary member's value in the strict profile {@link #dictionary} reads. */
    sealed interface Member {
        String raw();
    }

    /** {@code :base64:} */
    record Bytes(byte[] value, String raw) implements Member {}

    /**
     * {@code ("a" "b";req);p=1;q="x"}: the items' names, each item's parameters serialised (empty
     * when it has none), the list's parameters and its raw text.
     */
    record InnerList(List<String> items, List<String> itemParams, Map<String, Object> params, String raw)
            implements Member {}

    /** The field does not follow the grammar. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /** Parses a List field: each member an {@link Item} or an {@link Inner}. */
    static List<Object> parseList(String field) throws Malformed {
        Parser p = new Parser(field, false);
        List<Object> out = new ArrayList<>();
        p.skip(" ");
        while (!p.done()) {
            out.add(p.itemOrInnerList());
            if (p.endOfMember()) {
                break;
            }
        }
        p.end();
        return out;
    }

    /**
     * Parses a Dictionary field: each value an {@link Item} or an {@link Inner}; a repeated key keeps
     * its first place and takes the last value.
     */
    static Map<String, Object> parseDictionary(String field) throws Malformed {
        Map<String, Object> out = new LinkedHashMap<>();
        new Parser(field, false).dictionary((key, value, raw) -> out.put(key, value));
        return out;
    }

    /** Parses an Item field. */
    static Item parseItem(String field) throws Malformed {
        Parser p = new Parser(field, false);
        p.skip(" ");
        Item item = p.item();
        p.skip(" ");
        p.end();
        return item;
    }

    /**
     * The strict dictionary of {@code Signature-Input}, {@code Signature} and digests: members are
     * byte sequences or inner lists of at most 32 strings without parameters; a key or parameter
     * given twice, an empty field or one over 8192 characters is {@link Malformed}.
     */
    static Map<String, Member> dictionary(String header) throws Malformed {
        if (header.length() > 8192) {
            throw new Malformed("the header is longer than 8192 characters");
        }
        Map<String, Member> out = new LinkedHashMap<>();
        new Parser(header, true).dictionary((key, value, raw) -> {
            Member m = switch (value) {
                case Inner inner ->
                    new InnerList(
                            strings(key, inner),
                            inner.items().stream()
                                    .map(i -> StructuredFieldsWriter.params(i.params()))
                                    .toList(),
                            inner.params(),
                            raw);
                case Item item when item.value() instanceof byte[] bytes -> new Bytes(bytes, raw);
                default -> throw new Malformed("member '" + key + "' must be an inner list or a byte sequence");
            };
            if (out.put(key, m) != null) {
                throw new Malformed("member '" + key + "' appears twice");
            }
        });
        if (out.isEmpty()) {
            throw new Malformed("the header is empty");
        }
        return out;
    }

    private static List<String> strings(String key, Inner inner) throws Malformed {
        if (inner.items().size() > 32) {
            throw new Malformed("more than 32 components");
        }
        List<String> out = new ArrayList<>();
        for (Item i : inner.items()) {
            if (!(i.value() instanceof String s)) {
                throw new Malformed("member '" + key + "' must list strings");
            }
            out.add(s);
        }
        return out;
    }

    /** Serialises a string as an sf-string. */
    static String string(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Receives each dictionary member with the raw text of its value. */
    private interface MemberSink {
        void accept(String key, Object value, String raw) throws Malformed;
    }

    /** RFC 9651 section 4.2, step by step; {@code strict} refuses repeated keys instead of overwriting. */
    private static final class Parser {
        private static final String TCHAR = "!#$%&'*+-.^_`|~";
        private final String s;
        private final boolean strict;
        private int pos;

        Parser(String s, boolean strict) {
            this.s = s;
            this.strict = strict;
        }

        boolean done() {
            return pos >= s.length();
        }

        char peek() throws Malformed {
            if (done()) {
                throw new Malformed("unexpected end of field");
            }
            return s.charAt(pos);
        }

        void expect(char c) throws Malformed {
            if (done() || s.charAt(pos) != c) {
                throw new Malformed("expected '" + c + "' at position " + pos);
            }
            pos++;
        }

        void skip(String chars) {
            while (!done() && chars.indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        void end() throws Malformed {
            if (!done()) {
                throw new Malformed("unexpected '" + s.charAt(pos) + "' at position " + pos);
            }
        }

        /** After a list or dictionary member: true at the end, false after a comma with more to come. */
        boolean endOfMember() throws Malformed {
            skip(" \t");
            if (done()) {
                return true;
            }
            expect(',');
            skip(" \t");
            if (done()) {
                throw new Malformed("trailing comma");
            }
            return false;
        }

        void dictionary(MemberSink sink) throws Malformed {
            skip(" ");
            while (!done()) {
                String key = key();
                int start = pos;
                Object value;
                if (!done() && s.charAt(pos) == '=') {
                    pos++;
                    start = pos;
                    value = itemOrInnerList();
                } else {
                    value = new Item(Boolean.TRUE, params());
                }
                sink.accept(key, value, s.substring(start, pos));
                if (endOfMember()) {
                    break;
                }
            }
            end();
        }

        Object itemOrInnerList() throws Malformed {
            return peek() == '(' ? innerList() : item();
        }

        Inner innerList() throws Malformed {
            expect('(');
            List<Item> items = new ArrayList<>();
            while (!done()) {
                skip(" ");
                if (peek() == ')') {
                    pos++;
                    return new Inner(List.copyOf(items), params());
                }
                items.add(item());
                if (peek() != ' ' && peek() != ')') {
                    throw new Malformed("expected a space or ')' at position " + pos);
                }
            }
            throw new Malformed("unterminated inner list");
        }

        Item item() throws Malformed {
            Object value = bareItem();
            return new Item(value, params());
        }

        Map<String, Object> params() throws Malformed {
            Map<String, Object> params = new LinkedHashMap<>();
            while (!done() && s.charAt(pos) == ';') {
                pos++;
                skip(" ");
                String key = key();
                Object value = Boolean.TRUE;
                if (!done() && s.charAt(pos) == '=') {
                    pos++;
                    value = bareItem();
                }
                if (strict && params.containsKey(key)) {
                    throw new Malformed("parameter '" + key + "' appears twice");
                }
                params.put(key, value);
            }
            return params;
        }

        String key() throws Malformed {
            int start = pos;
            char first = peek();
            if (!(first >= 'a' && first <= 'z' || first == '*')) {
                throw new Malformed("expected a key at position " + pos);
            }
            while (!done() && isKeyChar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        static boolean isKeyChar(char c) {
            return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "_-.*".indexOf(c) >= 0;
        }

        Object bareItem() throws Malformed {
            char c = peek();
            if (c == '-' || isDigit(c)) {
                return number();
            }
            return switch (c) {
                case '"' -> string();
                case ':' -> bytes();
                case '?' -> bool();
                case '@' -> date();
                case '%' -> displayString();
                default -> {
                    if (c == '*' || isAlpha(c)) {
                        yield token();
                    }
                    throw new Malformed("unexpected '" + c + "' at position " + pos);
                }
            };
        }

        Object number() throws Malformed {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (done() || !isDigit(s.charAt(pos))) {
                throw new Malformed("expected a digit at position " + pos);
            }
            int digitsStart = pos;
            int dot = -1;
            while (!done()) {
                char c = s.charAt(pos);
                if (isDigit(c)) {
                    pos++;
                } else if (dot < 0 && c == '.') {
                    if (pos - digitsStart > 12) {
                        throw new Malformed("more than 12 integer digits in a decimal at position " + start);
                    }
                    dot = pos++;
                } else {
                    break;
                }
                if (dot < 0 && pos - digitsStart > 15 || dot >= 0 && pos - digitsStart > 16) {
                    throw new Malformed("number too long at position " + start);
                }
            }
            String text = s.substring(start, pos);
            if (dot < 0) {
                return Long.parseLong(text);
            }
            int fraction = pos - dot - 1;
            if (fraction == 0 || fraction > 3) {
                throw new Malformed("a decimal needs one to three fractional digits at position " + start);
            }
            return new BigDecimal(text);
        }

        String string() throws Malformed {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (!done()) {
                char c = s.charAt(pos++);
                if (c == '\\') {
                    char n = peek();
                    pos++;
                    if (n != '"' && n != '\\') {
                        throw new Malformed("bad escape in string");
                    }
                    sb.append(n);
                } else if (c == '"') {
                    return sb.toString();
                } else if (c < 0x20 || c > 0x7e) {
                    throw new Malformed("non-printable character in string");
                } else {
                    sb.append(c);
                }
            }
            throw new Malformed("unterminated string");
        }

        Token token() throws Malformed {
            int start = pos;
            pos++;
            while (!done()) {
                char c = s.charAt(pos);
                if (!(isAlpha(c) || isDigit(c) || TCHAR.indexOf(c) >= 0 || c == ':' || c == '/')) {
                    break;
                }
                pos++;
            }
            return new Token(s.substring(start, pos));
        }

        byte[] bytes() throws Malformed {
            expect(':');
            int end = s.indexOf(':', pos);
            if (end < 0) {
                throw new Malformed("unterminated byte sequence");
            }
            String b64 = s.substring(pos, end);
            for (char c : b64.toCharArray()) {
                if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=')) {
                    throw new Malformed("byte sequence is not base64");
                }
            }
            pos = end + 1;
            try {
                return Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw new Malformed("byte sequence is not base64");
            }
        }

        Boolean bool() throws Malformed {
            expect('?');
            char c = peek();
            pos++;
            if (c != '0' && c != '1') {
                throw new Malformed("a boolean is ?0 or ?1");
            }
            return c == '1';
        }

        Date date() throws Malformed {
            expect('@');
            if (!(number() instanceof Long seconds)) {
                throw new Malformed("a date is an integer");
            }
            return new Date(seconds);
        }

        DisplayString displayString() throws Malformed {
            expect('%');
            expect('"');
            ByteBuffer bytes = ByteBuffer.allocate(s.length());
            while (!done()) {
                char c = s.charAt(pos++);
                if (c < 0x20 || c > 0x7e) {
                    throw new Malformed("non-printable character in display string");
                } else if (c == '%') {
                    if (pos + 2 > s.length()) {
                        throw new Malformed("truncated percent escape");
                    }
                    int hi = Character.digit(s.charAt(pos), 16);
                    int lo = Character.digit(s.charAt(pos + 1), 16);
                    if (hi < 0
                            || lo < 0
                            || Character.isUpperCase(s.charAt(pos))
                            || Character.isUpperCase(s.charAt(pos + 1))) {
                        throw new Malformed("percent escapes are two lowercase hex digits");
                    }
                    bytes.put((byte) (hi << 4 | lo));
                    pos += 2;
                } else if (c == '"') {
                    try {
                        return new DisplayString(StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)
                                .decode(bytes.flip())
                                .toString());
                    } catch (CharacterCodingException e) {
                        throw new Malformed("display string is not UTF-8");
                    }
                } else {
                    bytes.put((byte) c);
                }
            }
            throw new Malformed("unterminated display string");
        }

        static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        static boolean isAlpha(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
        }
    }
}
