package org.fulcrum.archfixture.server.web;

import io.javalin.http.staticfiles.Location;

/** Breaks the static files rule: a class-path folder served through Jetty. */
public final class StaticFolder {
    public Location where() {
        return Location.CLASSPATH;
    }
}
