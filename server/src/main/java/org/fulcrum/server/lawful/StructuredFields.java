package org.fulcrum.server.lawful;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of RFC 8941 structured fields that signatures and digests use: a dictionary whose
 * members are byte sequences or inner lists of strings, each with parameters (integers, strings,
 * tokens, booleans). Strict: anything else is {@link Malformed}. Keeps the raw text of each
 * member's value, which RFC 9421 signs as {@code @signature-params}.
 */
final class StructuredFields {
    private StructuredFields() {
    }

    /** A dictionary member's value. */
    sealed interface Member {
        String raw();
    }

    /** {@code :base64:} */
    record Bytes(byte[] value, String raw) implements Member {
    }

    /**
     * {@code ("a" "b";req);p=1;q="x"}: the items' names, each item's parameters as written (empty
     * when it has none), the list's parameters and its raw text.
     */
    record InnerList(List<String> items, List<String> itemParams, Map<String, Object> params, String raw)
            implements Member {
    }

    /** The header does not follow the grammar. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    static Map<String, Member> dictionary(String header) throws Malformed {
        if (header.length() > 8192) {
            throw new Malformed("the header is longer than 8192 characters");
        }
        Parser p = new Parser(header);
        Map<String, Member> out = new LinkedHashMap<>();
        p.skipSpaces();
        while (!p.done()) {
            String key = p.key();
            p.expect('=');
            int start = p.pos;
            Member m;
            if (p.peek() == '(') {
                List<String> items = new ArrayList<>();
                List<String> itemParams = new ArrayList<>();
                p.innerList(items, itemParams);
                Map<String, Object> params = p.params();
                m = new InnerList(items, itemParams, params, header.substring(start, p.pos));
            } else if (p.peek() == ':') {
                byte[] bytes = p.bytes();
                p.params();
                m = new Bytes(bytes, header.substring(start, p.pos));
            } else {
                throw new Malformed("member '" + key + "' must be an inner list or a byte sequence");
            }
            if (out.put(key, m) != null) {
                throw new Malformed("member '" + key + "' appears twice");
            }
            p.skipSpaces();
            if (p.done()) {
                break;
            }
            p.expect(',');
            p.skipSpaces();
            if (p.done()) {
                throw new Malformed("trailing comma");
            }
        }
        if (out.isEmpty()) {
            throw new Malformed("the header is empty");
        }
        return out;
    }

    /** Serialises a string as an sf-string. */
    static String string(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        boolean done() {
            return pos >= s.length();
        }

        char peek() throws Malformed {
            if (done()) {
                throw new Malformed("unexpected end of header");
            }
            return s.charAt(pos);
        }

        void expect(char c) throws Malformed {
            if (done() || s.charAt(pos) != c) {
                throw new Malformed("expected '" + c + "' at position " + pos);
            }
            pos++;
        }

        void skipSpaces() {
            while (!done() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        String key() throws Malformed {
            int start = pos;
            if (done() || !(Character.isLowerCase(s.charAt(pos)) || s.charAt(pos) == '*')) {
                throw new Malformed("expected a key at position " + pos);
            }
            while (!done() && (Character.isLowerCase(s.charAt(pos)) || Character.isDigit(s.charAt(pos))
                    || "_-.*".indexOf(s.charAt(pos)) >= 0)) {
                pos++;
            }
            return s.substring(start, pos);
        }

        void innerList(List<String> items, List<String> itemParams) throws Malformed {
            expect('(');
            while (true) {
                while (!done() && s.charAt(pos) == ' ') {
                    pos++;
                }
                if (peek() == ')') {
                    pos++;
                    return;
                }
                items.add(string());
                int paramsStart = pos;
                params();
                itemParams.add(s.substring(paramsStart, pos));
                if (peek() != ' ' && peek() != ')') {
                    throw new Malformed("expected a space or ')' at position " + pos);
                }
                if (items.size() > 32) {
                    throw new Malformed("more than 32 components");
                }
            }
        }

        Map<String, Object> params() throws Malformed {
            Map<String, Object> params = new LinkedHashMap<>();
            while (!done() && s.charAt(pos) == ';') {
                pos++;
                String key = key();
                Object value = Boolean.TRUE;
                if (!done() && s.charAt(pos) == '=') {
                    pos++;
                    char c = peek();
                    if (c == '"') {
                        value = string();
                    } else if (c == '-' || Character.isDigit(c)) {
                        value = integer();
                    } else if (c == '?') {
                        pos++;
                        char b = peek();
                        pos++;
                        value = b == '1';
                    } else {
                        value = token();
                    }
                }
                if (params.put(key, value) != null) {
                    throw new Malformed("parameter '" + key + "' appears twice");
                }
            }
            return params;
        }

        String string() throws Malformed {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = peek();
                pos++;
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
        }

        long integer() throws Malformed {
            int start = pos;
            if (s.charAt(pos) == '-') {
                pos++;
            }
            while (!done() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            String digits = s.substring(start, pos);
            if (digits.isEmpty() || digits.equals("-") || digits.length() > 16) {
                throw new Malformed("bad integer at position " + start);
            }
            return Long.parseLong(digits);
        }

        String token() throws Malformed {
            int start = pos;
            while (!done() && (Character.isLetterOrDigit(s.charAt(pos)) || ":/!#$%&'*+-.^_`|~".indexOf(s.charAt(pos)) >= 0)) {
                pos++;
            }
            if (start == pos) {
                throw new Malformed("bad parameter value at position " + pos);
            }
            return s.substring(start, pos);
        }

        byte[] bytes() throws Malformed {
            expect(':');
            int end = s.indexOf(':', pos);
            if (end < 0) {
                throw new Malformed("unterminated byte sequence");
            }
            String b64 = s.substring(pos, end);
            pos = end + 1;
            try {
                return Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw new Malformed("byte sequence is not base64");
            }
        }
    }
}
