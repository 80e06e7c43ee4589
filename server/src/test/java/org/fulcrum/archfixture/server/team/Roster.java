package org.fulcrum.archfixture.server.team;

import org.fulcrum.archfixture.server.core.Json;

/** Given its JSON configuration at construction, as it should be: innocent. */
final class Roster {
    private final Json json;

    Roster(Json json) {
        this.json = json;
    }

    String list(Object members) {
        return json.write(members);
    }
}
