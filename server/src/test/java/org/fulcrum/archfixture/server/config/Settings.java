package org.fulcrum.archfixture.server.config;

/** Configuration, innocent. */
public final class Settings {
    public String name() {
        return "fixture";
    }
}
