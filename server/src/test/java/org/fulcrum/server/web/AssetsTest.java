package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The files pages load are served from the class path, each with its type and a strong ETag that
 * answers a revalidation with 304; nothing else of the folders' jars is. (That Jetty's own static
 * files, which mount the application's jar, stay unused is an {@code ArchitectureTest} rule.)
 */
class AssetsTest {
    private static final String SWAGGER_CSS = "META-INF/resources/webjars/swagger-ui/5.35.0/swagger-ui.css";

    private static TestApp app;
    private static Http http;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        http = app.http().unchecked();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aFileIsServedWithItsTypeAndAnEtagThatARevalidationMatches() throws Exception {
        Http.Response css = http.get("/static/review.css");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
        assertThat(css.body()).isEqualTo(classPath("static/review.css"));
        String etag = css.raw().headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
        assertThat(css.raw().headers().firstValue("Cache-Control")).contains("no-cache");

        Http.Response again = http.send("GET", "/static/review.css", Map.of("If-None-Match", etag), null);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        Http.Response stale = http.send("GET", "/static/review.css", Map.of("If-None-Match", "\"other\""), null);
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(css.body());

        Http.Response htmx = http.get("/webjars/htmx.org/2.0.4/dist/htmx.min.js");
        assertThat(htmx.status()).isEqualTo(200);
        assertThat(htmx.contentType()).startsWith("text/javascript");
        assertThat(http.send("HEAD", "/static/review.js", Map.of(), null).status())
                .isEqualTo(200);
    }

    @Test
    void theFilesAreServedWhateverCredentialsComeWithTheRequest() {
        // no caller is identified for them: an unknown token would answer 401 on any other route
        Http.Response r = http.send("GET", "/static/csrf.js", Map.of("Authorization", "Bearer not-a-token"), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(http.send("GET", "/static/csrf.js", Map.of("Cookie", "fulcrum_session=unknown"), null)
                        .status())
                .isEqualTo(200);
        assertThat(http.send("GET", "/docs", Map.of("Authorization", "Bearer not-a-token"), null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void onlyPlainNamesOfKnownTypesInTheListedFoldersAreServed() {
        for (String path : new String[] {
            "/static/missing.js",
            "/static/..%2Fapplication.conf",
            "/static/.hidden.css",
            "/webjars/htmx.org/2.0.4/package.json", // the jar's other files
            "/webjars/htmx.org/2.0.4/dist/htmx.min.js.map", // no source maps
            "/webjars/swagger-ui/5.35.0/index.html", // only styles, scripts, images and fonts
            "/webjars/swagger-ui/5.35.0/swagger-ui.css/x",
            "/webjars/swagger-ui/4.0.0/swagger-ui.css", // another version
        }) {
            Http.Response r = http.get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.contentType()).as(path).isEqualTo("application/problem+json");
        }
    }

    @Test
    void aFileInADependencysJarIsServedAsTheJarHoldsIt() throws Exception {
        assertThat(getClass().getClassLoader().getResource(SWAGGER_CSS).toString())
                .startsWith("jar:file:");
        Http.Response css = http.get("/webjars/swagger-ui/5.35.0/swagger-ui.css");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.body()).isEqualTo(classPath(SWAGGER_CSS));
    }

    private static String classPath(String name) throws Exception {
        try (InputStream in = AssetsTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
