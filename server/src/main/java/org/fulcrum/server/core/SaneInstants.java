package org.fulcrum.server.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Times in request bodies, limited to years 1970 to 9999: Fulcrum stores times as epoch
 * milliseconds, and an ISO time such as {@code +999999999-12-31T23:59:59Z} parses but overflows
 * them. Refused here, the failure names the field like any other bad value.
 */
public final class SaneInstants extends StdDeserializer<Instant> {
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    SaneInstants() {
        super(Instant.class);
    }

    /** {@code value} when it lies in the range, otherwise a problem naming {@code field}; for form and query values. */
    public static Instant within(String field, Instant value) {
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            throw new org.fulcrum.server.core.FulcrumException.InvalidInput(
                    field, "must be between 1970-01-01 and 9999-12-31");
        }
        return value;
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        Instant value = InstantDeserializer.INSTANT.deserialize(p, ctx);
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
            return (Instant)
                    ctx.handleWeirdStringValue(Instant.class, p.getText(), "must be between 1970-01-01 and 9999-12-31");
        }
        return value;
    }
}
