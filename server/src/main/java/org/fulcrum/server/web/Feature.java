package org.fulcrum.server.web;

import io.javalin.config.RoutesConfig;

/**
 * A capability that serves HTTP: it declares its routes in one block and describes them in the
 * OpenAPI document. The composition root hands every feature to the {@link WebServer}.
 */
public interface Feature {
    void routes(RoutesConfig routes);

    void describe(OpenApi api);

    /**
     * Whether this feature takes the bulk of machine traffic (notice and content-event intake): the
     * router tries routes in the order they were registered, one path pattern after another, so the
     * web server registers these features' routes before all others. Such a feature's routes must not
     * match a path another feature serves.
     */
    default boolean intake() {
        return false;
    }
}
