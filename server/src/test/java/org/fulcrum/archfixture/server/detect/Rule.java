package org.fulcrum.archfixture.server.detect;

/** The other class named {@code Rule}. */
public record Rule(String pattern) {}
