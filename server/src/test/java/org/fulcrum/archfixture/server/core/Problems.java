package org.fulcrum.archfixture.server.core;

import org.fulcrum.archfixture.server.web.Shell;

/** A core class using the web shell: breaks "core depends on no other server package". */
public final class Problems {
    public String page() {
        return new Shell().title();
    }
}
