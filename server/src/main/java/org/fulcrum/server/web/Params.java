package org.fulcrum.server.web;

import io.javalin.http.Context;
import org.fulcrum.server.FulcrumException;

/** Query parameters read strictly: a wrong value is a 400 problem naming the parameter. */
public final class Params {
    private Params() {
    }

    /** The integer parameter {@code name}, {@code dflt} when absent, refused outside 0..{@code max}. */
    public static int intParam(Context ctx, String name, int dflt, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0 || n > max) {
                throw new FulcrumException.InvalidInput(name, "must be between 0 and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new FulcrumException.InvalidInput(name, "must be an integer");
        }
    }
}
