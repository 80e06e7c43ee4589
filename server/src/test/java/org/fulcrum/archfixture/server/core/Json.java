package org.fulcrum.archfixture.server.core;

/** The JSON configuration: a factory, an instance method, and the static accessor the rules forbid. */
public final class Json {
    private static final Json SHARED = new Json();

    private Json() {}

    public static Json strict() {
        return new Json();
    }

    public static Json shared() {
        return SHARED;
    }

    public String write(Object value) {
        return String.valueOf(value);
    }
}
