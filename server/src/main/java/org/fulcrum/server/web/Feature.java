package org.fulcrum.server.web;

import io.javalin.config.RoutesConfig;

/**
 * A capability that serves HTTP: it declares its routes in one block and describes them in the
 * OpenAPI document. The composition root hands every feature to the {@link WebServer}.
 */
public interface Feature {
    void routes(RoutesConfig routes);

    void describe(OpenApi api);
}
