package org.fulcrum.server.web;

import io.javalin.http.Context;
import org.fulcrum.server.core.FulcrumException;

/** Query parameters read strictly: a wrong value is a 400 problem naming the parameter. */
public final class Params {
    private Params() {}

    /** The integer parameter {@code name}, {@code dflt} when absent, refused outside 0..{@code max}. */
    public static int intParam(Context ctx, String name, int dflt, int max) {
        return intValue(name, ctx.queryParam(name), dflt, 0, max);
    }

    /** {@code raw} read as the integer parameter {@code name}: {@code dflt} when absent, refused outside min..max. */
    public static int intValue(String name, String raw, int dflt, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n < min || n > max) {
                throw new FulcrumException.InvalidInput(name, "must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new FulcrumException.InvalidInput(name, "must be a whole number");
        }
    }
}
