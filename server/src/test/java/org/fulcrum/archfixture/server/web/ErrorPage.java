package org.fulcrum.archfixture.server.web;

import org.fulcrum.archfixture.server.review.Case;

/** The shell knowing a feature: breaks "web depends on no feature". */
public final class ErrorPage {
    public String render(Case c) {
        return c.id();
    }
}
