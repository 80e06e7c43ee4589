package org.fulcrum.archfixture.server.review;

/** One of two classes named {@code Rule}: breaks "simple names are unique". */
public record Rule(String name) {}
