package org.fulcrum.server.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

/**
 * A {@code Location} header is ASCII: redirects built from ids or messages a caller typed (an
 * {@code é}, a control character) are percent-encoded as UTF-8 after the handler, instead of
 * going out as raw bytes that each browser reads its own way.
 */
final class AsciiLocation {
    private AsciiLocation() {}

    /** After every request. */
    static void apply(Context ctx) {
        String location = ctx.res().getHeader("Location");
        if (location != null) {
            String safe = encode(location);
            if (!safe.equals(location)) {
                ctx.res().setHeader("Location", safe);
            }
        }
    }

    static String encode(String location) {
        StringBuilder out = new StringBuilder(location.length() + 16);
        for (byte b : location.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`') {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }
}
