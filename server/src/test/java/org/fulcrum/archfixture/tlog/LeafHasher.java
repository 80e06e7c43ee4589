package org.fulcrum.archfixture.tlog;

import org.fulcrum.archfixture.server.core.Names;

/** A library class reaching into the server: breaks "libraries know nothing of the server". */
public final class LeafHasher {
    public String name() {
        return Names.of("leaf");
    }
}
