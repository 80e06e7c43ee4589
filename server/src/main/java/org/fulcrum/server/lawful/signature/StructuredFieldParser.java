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
import org.fulcrum.server.lawful.signature.StructuredFields.Date;
import org.fulcrum.server.lawful.signature.StructuredFields.DisplayString;
import org.fulcrum.server.lawful.signature.StructuredFields.Inner;
import org.fulcrum.server.lawful.signature.StructuredFields.Item;
import org.fulcrum.server.lawful.signature.StructuredFields.Malformed;
import org.fulcrum.server.lawful.signature.StructuredFields.Token;

/**
 * The parsing algorithms of RFC 9651 section 4.2, step by step, over one field value; {@code strict}
 * refuses repeated keys and parameters instead of overwriting them. The values it reads are those of
 * {@link StructuredFields}.
 */
final class StructuredFieldParser {
    /** Receives each dictionary member with the raw text of its value. */
    interface MemberSink {
        void accept(String key, Object value, String raw) throws Malformed;
    }

    private static final String TCHAR = "!#$%&'*+-.^_`|~";
    private final String s;
    private final boolean strict;
    private int pos;

    StructuredFieldParser(String s, boolean strict) {
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
