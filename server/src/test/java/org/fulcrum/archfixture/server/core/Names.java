package org.fulcrum.archfixture.server.core;

/** A core class, innocent. */
public final class Names {
    private Names() {}

    public static String of(String value) {
        return value;
    }
}
