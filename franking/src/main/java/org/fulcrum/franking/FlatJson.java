package org.fulcrum.franking;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict reader for the one shape of JSON a report has: a single object whose values are strings
 * or integers (RFC 8259, minus nesting, arrays, fractions, exponents, booleans and null). Duplicate
 * names and anything after the closing brace are errors.
 */
final class FlatJson {

    /** A value in the object. */
    sealed interface Value permits Text, Int {}

    /** A string value, unescaped. */
    record Text(String value) implements Value {}

    /** An integer value. */
    record Int(long value) implements Value {}

    /** A syntax error; the message says where. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    // 18 digits always fit in a long; reports need no larger number.
    private static final int MAX_DIGITS = 18;

    private final String text;
    private int pos;

    private FlatJson(String text) {
        this.text = text;
    }

    static Map<String, Value> parse(String text) throws SyntaxError {
        return new FlatJson(text).object();
    }

    private Map<String, Value> object() throws SyntaxError {
        Map<String, Value> fields = new LinkedHashMap<>();
        skipWhitespace();
        expect('{');
        skipWhitespace();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                skipWhitespace();
                int at = pos;
                String name = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                if (fields.put(name, value()) != null) {
                    throw error("duplicate field \"" + name + "\"", at);
                }
                skipWhitespace();
                char c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw error("expected ',' or '}'", pos - 1);
                }
            }
        }
        skipWhitespace();
        if (pos != text.length()) {
            throw error("unexpected content after the object", pos);
        }
        return fields;
    }

    private Value value() throws SyntaxError {
        char c = peek();
        if (c == '"') {
            return new Text(string());
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return new Int(integer());
        }
        throw error("expected a string or an integer", pos);
    }

    private long integer() throws SyntaxError {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int digitsStart = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        int digits = pos - digitsStart;
        if (digits == 0) {
            throw error("expected a digit", pos);
        }
        if (digits > 1 && text.charAt(digitsStart) == '0') {
            throw error("leading zero in a number", start);
        }
        if (digits > MAX_DIGITS) {
            throw error("number too large", start);
        }
        if (pos < text.length() && (text.charAt(pos) == '.' || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            throw error("only integers are accepted", start);
        }
        return Long.parseLong(text, start, pos, 10);
    }

    private String string() throws SyntaxError {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string", pos - 1);
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(hex4());
                default -> throw error("bad escape \\" + e, pos - 2);
            }
        }
    }

    private char hex4() throws SyntaxError {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(next(), 16);
            if (digit < 0) {
                throw error("bad \\u escape", pos - 1);
            }
            value = value * 16 + digit;
        }
        return (char) value;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private void expect(char c) throws SyntaxError {
        if (next() != c) {
            throw error("expected '" + c + "'", pos - 1);
        }
    }

    private char peek() throws SyntaxError {
        if (pos >= text.length()) {
            throw error("unexpected end of input", pos);
        }
        return text.charAt(pos);
    }

    private char next() throws SyntaxError {
        char c = peek();
        pos++;
        return c;
    }

    private static SyntaxError error(String what, int at) {
        return new SyntaxError(what + " at offset " + at);
    }
}
