package org.fulcrum.franking;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The injective byte encoding of everything that is committed to or signed: a domain label and
 * then each field, every one as a 4-byte big-endian length followed by its bytes. Two different
 * field lists never encode to the same bytes, and the label keeps a commitment from ever being
 * read as a stamp or the reverse.
 */
final class Encoding {

    static final String COMMITMENT_LABEL = "fulcrum/franking/v1/commitment";
    static final String STAMP_LABEL = "fulcrum/franking/v1/stamp";
    /** Version 2 stamps add the recipient; their own label keeps them from ever verifying as version 1. */
    static final String STAMP_V2_LABEL = "fulcrum/franking/v2/stamp";

    private Encoding() {}

    static byte[] encode(String label, byte[]... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        put(out, label.getBytes(StandardCharsets.US_ASCII));
        for (byte[] field : fields) {
            put(out, field);
        }
        return out.toByteArray();
    }

    static byte[] uint64(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    private static void put(ByteArrayOutputStream out, byte[] field) {
        out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(field.length).array());
        out.writeBytes(field);
    }
}
