package org.fulcrum.server.ops;

import io.javalin.config.RoutesConfig;
import java.util.Map;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;

/**
 * The API documentation at {@code /docs}: Swagger UI from its webjar (served from the jar, no CDN),
 * started by a static script that reads {@code /openapi.json}. Public, like the document itself.
 */
public final class DocsFeature implements Feature {
    /** Where the webjar's files are served; the version is the dependency's in the server's pom. */
    static final String SWAGGER_UI = "/webjars/swagger-ui/5.35.0";

    private final Pages pages;

    public DocsFeature(Pages pages) {
        this.pages = pages;
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/docs", ctx -> pages.render(ctx, "ops/docs.jte", "API documentation", Map.of("swagger", SWAGGER_UI)));
    }

    @Override
    public void describe(OpenApi api) {
        // a page about the API, not part of it
    }
}
