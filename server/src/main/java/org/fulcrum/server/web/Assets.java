package org.fulcrum.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.fulcrum.server.core.FulcrumException;

/**
 * The files pages load: the console's styles and scripts, htmx, and Swagger UI for the API
 * documentation, each served from one class-path folder under one path. A file is read from the
 * class path on its first request and kept in memory with a strong {@code ETag}, so a page load
 * revalidates it with a 304 and no body.
 *
 * <p>Only plain file names with a known type are served, from exactly the folders listed in {@link
 * #FOLDERS}: no subfolders, no other files of a dependency's jar, no source maps. Jetty's own static
 * file handler is not used because it serves a class-path folder by mounting the jar that holds it as
 * a zip file system, and the server's jar holds the whole application with its dependencies: it kept
 * eight mounts of some 36,000 entries each, about 80 MB of heap, for the life of the server. Here a
 * file is read through the class loader, which has the jar open already.
 */
public final class Assets {
    /** Served path prefix → class-path folder. Versions are the dependencies' in the server's pom. */
    public static final Map<String, String> FOLDERS = Map.of(
            "/static/", "static/",
            "/webjars/swagger-ui/5.35.0/", "META-INF/resources/webjars/swagger-ui/5.35.0/",
            "/webjars/htmx.org/2.0.4/dist/", "META-INF/resources/webjars/htmx.org/2.0.4/dist/");

    /** Content type by file extension; a file of any other type is not served. */
    static final Map<String, String> TYPES = Map.of(
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml",
            "ico", "image/x-icon",
            "woff2", "font/woff2");

    private static final String FILE = "{file}";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** The largest file read into memory; Swagger UI's bundle, the largest, is about 1.7 MB. */
    static final int MAX_BYTES = 8 << 20;

    /** One file as served. */
    record Asset(byte[] body, String contentType, String etag) {}

    private final ClassLoader loader;
    private final Map<String, Asset> loaded = new ConcurrentHashMap<>();

    public Assets(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * A GET route for each folder; public, like the pages that need the files to sign in, and
     * anonymous: the shell identifies no caller for them ({@link #serves}), so a page's files cost no
     * session lookups.
     */
    public void install(RoutesConfig routes) {
        FOLDERS.forEach((prefix, folder) -> routes.get(prefix + FILE, ctx -> serve(ctx, prefix, folder)));
    }

    /** Whether the matched route is one of these files'. */
    static boolean serves(Context ctx) {
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint == null || !endpoint.path.endsWith(FILE)) {
            return false;
        }
        return FOLDERS.containsKey(endpoint.path.substring(0, endpoint.path.length() - FILE.length()));
    }

    private void serve(Context ctx, String prefix, String folder) {
        String file = ctx.pathParam("file");
        Asset asset = find(folder + file).orElseThrow(() -> new FulcrumException.NotFound(prefix + file));
        ctx.header("ETag", asset.etag());
        ctx.header("Cache-Control", "no-cache");
        String match = ctx.header("If-None-Match");
        if (match != null && matches(match, asset.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.contentType()).result(asset.body());
    }

    /** The file at a class-path name, read on first use; empty when there is none or it is not served. */
    Optional<Asset> find(String name) {
        Asset known = loaded.get(name); // only names that passed the checks below are kept
        if (known != null) {
            return Optional.of(known);
        }
        String file = name.substring(name.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(file.substring(dot + 1));
        if (type == null || !NAME.matcher(file).matches()) {
            return Optional.empty();
        }
        // only files that exist are kept, so the map is bounded by the folders' contents
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] body = in.readNBytes(MAX_BYTES + 1);
            if (body.length > MAX_BYTES) {
                throw new IllegalStateException(name + " is over " + MAX_BYTES + " bytes");
            }
            Asset asset = new Asset(body, type, etag(body));
            loaded.putIfAbsent(name, asset);
            return Optional.of(asset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return '"'
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(digest)
                            .substring(0, 22)
                    + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
