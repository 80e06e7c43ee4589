package org.fulcrum.server.lawful.signature;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structured Field Values (RFC 9651, which extends RFC 8941 by dates and display strings): lists,
 * dictionaries and items parsed by the algorithms of its section 4.2 ({@link StructuredFieldParser}),
 * checked against the HTTP working group's test suite. Bare items are Java values: {@link Long}
 * integers, {@link BigDecimal} decimals, {@link String} strings, {@link Token}, {@code byte[]},
 * {@link Boolean}, {@link Date} and {@link DisplayString}; serialisation is {@link StructuredFieldsWriter}.
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
        StructuredFieldParser p = new StructuredFieldParser(field, false);
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
        new StructuredFieldParser(field, false).dictionary((key, value, raw) -> out.put(key, value));
        return out;
    }

    /** Parses an Item field. */
    static Item parseItem(String field) throws Malformed {
        StructuredFieldParser p = new StructuredFieldParser(field, false);
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
        new StructuredFieldParser(header, true).dictionary((key, value, raw) -> {
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
}
