package org.fulcrum.archfixture.server.review;

import org.fulcrum.archfixture.server.core.Json;

/** Reaches the JSON configuration statically: breaks "JSON mapping is injected". */
final class Verdicts {
    String write(Object verdict) {
        return Json.shared().write(verdict);
    }
}
