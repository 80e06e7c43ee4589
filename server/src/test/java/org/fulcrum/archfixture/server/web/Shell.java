package org.fulcrum.archfixture.server.web;

import org.fulcrum.archfixture.server.config.Settings;
import org.fulcrum.archfixture.server.core.Names;

/** The shell, using only what it may: core and config. */
public final class Shell {
    public String title() {
        return Names.of(new Settings().name());
    }
}
