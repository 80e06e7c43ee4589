package org.fulcrum.archfixture.server.detect;

import org.fulcrum.archfixture.server.core.Json;

/** A feature that builds a JSON configuration of its own instead of being given one. */
final class Tagger {
    private final Json json = Json.strict();

    String tag(Object value) {
        return json.write(value);
    }
}
