package org.fulcrum.archfixture.server;

import org.fulcrum.archfixture.server.core.Json;

/** The composition root, which builds the one JSON configuration: innocent. */
final class App {
    Json json() {
        return Json.strict();
    }
}
