package org.fulcrum.server.web;

import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;
import org.fulcrum.server.core.Role;

/**
 * The authenticated caller of a request as the web shell sees it: enough for the navigation, the
 * page header and log lines. The access check of the route (in {@code auth}) identifies the caller
 * and keeps it under {@link #ATTRIBUTE}; the shell reads it back with {@link #of(Context)} and so
 * knows nothing of how callers sign in.
 */
public interface Caller {
    /** The request attribute holding the caller, once identified. */
    String ATTRIBUTE = "fulcrum.principal";

    /** A stable id for audit records ("staff:st_...", "token:tk_..."). */
    String actor();

    Set<Role> roles();

    /** The name the page header shows. */
    default String name() {
        return actor();
    }

    /** The caller of {@code ctx}, when the request carried one. */
    static Optional<Caller> of(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }
}
